import { accountRoutes } from "./accounts/routes";
import { applicabilityRoutes } from "./applicability/routes";
import { auditRoutes } from "./audit/routes";
import { catalogRoutes } from "./catalog/routes";
import { deviceRoutes } from "./devices/routes";
import { incidentRoutes } from "./incidents/routes";
import { organisationRoutes } from "./organisation/routes";
import { sbomRoutes } from "./sboms/routes";
import type { VigilApp } from "./platform/http/types";
import { systemRoutes } from "./system/routes";

/** Every domain's HTTP routes. Each route declares the permission it needs (see core/access/roles). */
export const domainRoutes: Array<(app: VigilApp) => Promise<void>> = [
  systemRoutes,
  accountRoutes,
  auditRoutes,
  organisationRoutes,
  deviceRoutes,
  sbomRoutes,
  catalogRoutes,
  applicabilityRoutes,
  incidentRoutes,
];

export async function registerDomainRoutes(app: VigilApp): Promise<void> {
  for (const routes of domainRoutes) await routes(app);
}
