import { accountRoutes } from "./accounts/routes";
import { advisoryDomainRoutes } from "./advisories/register";
import { applicabilityRoutes } from "./applicability/routes";
import { auditRoutes } from "./audit/routes";
import { catalogRoutes } from "./catalog/routes";
import { complianceRoutes } from "./compliance/routes";
import { dashboardRoutes } from "./dashboard/routes";
import { deviceRoutes } from "./devices/routes";
import { disclosureStatementRoutes } from "./disclosure-statements/routes";
import { governanceRoutes } from "./governance/routes";
import { incidentRoutes } from "./incidents/routes";
import { notificationDeliveryRoutes } from "./notifications/routes";
import { continuityRoutes } from "./continuity/routes";
import { csafProviderRoutes } from "./csaf-providers/routes";
import { organisationRoutes } from "./organisation/routes";
import { reportRoutes } from "./reports/routes";
import { riskRegisterRoutes } from "./risks";
import { sbomRoutes } from "./sboms/routes";
import { signInRoutes } from "./sign-in/routes";
import type { VigilApp } from "./platform/http/types";
import { supplierRoutes } from "./suppliers/routes";
import { systemRoutes } from "./system/routes";
import { threatModelRoutes } from "./threat-model/routes";
import { triagePolicyRoutes } from "./triage-policies/routes";
import { vexImportRoutes } from "./vex-imports/routes";
import { findingExportRoutes } from "./vulnerabilities/export-routes";
import { vulnerabilityRoutes } from "./vulnerabilities/routes";
import { componentSupportRoutes } from "./vulnerabilities/support-routes";

/** Every domain's HTTP routes. Each route declares the permission it needs (see core/access/roles). */
export const domainRoutes: Array<(app: VigilApp) => Promise<void>> = [
  systemRoutes,
  accountRoutes,
  signInRoutes,
  auditRoutes,
  organisationRoutes,
  deviceRoutes,
  sbomRoutes,
  vulnerabilityRoutes,
  findingExportRoutes,
  componentSupportRoutes,
  vexImportRoutes,
  triagePolicyRoutes,
  csafProviderRoutes,
  catalogRoutes,
  applicabilityRoutes,
  complianceRoutes,
  incidentRoutes,
  notificationDeliveryRoutes,
  advisoryDomainRoutes,
  disclosureStatementRoutes,
  riskRegisterRoutes,
  threatModelRoutes,
  continuityRoutes,
  governanceRoutes,
  supplierRoutes,
  dashboardRoutes,
  reportRoutes,
];

export async function registerDomainRoutes(app: VigilApp): Promise<void> {
  for (const routes of domainRoutes) await routes(app);
}
