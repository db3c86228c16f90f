import type { VigilApp } from "../platform/http/types";
import { riskRoutes } from "./routes";
import { riskTransferRoutes } from "./transfer-routes";
import { riskViewRoutes } from "./view-routes";

/** Every route of the risk register. */
export async function riskRegisterRoutes(app: VigilApp) {
  await riskViewRoutes(app);
  await riskTransferRoutes(app);
  await riskRoutes(app);
}
