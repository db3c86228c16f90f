import { disclosureRoutes } from "../disclosure/routes";
import type { VigilApp } from "../platform/http/types";
import { portalAdvisoryRoutes } from "./portal-routes";
import { providerRoutes } from "./provider-routes";
import { advisoryRoutes } from "./routes";

/** Advisories, the public CSAF provider, the portal's advisories and coordinated disclosure. */
export async function advisoryDomainRoutes(app: VigilApp): Promise<void> {
  await advisoryRoutes(app);
  await providerRoutes(app);
  await portalAdvisoryRoutes(app);
  await disclosureRoutes(app);
}
