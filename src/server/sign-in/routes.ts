import type { VigilApp } from "../platform/http/types";
import { signInAccountRoutes } from "./account-routes";
import { signInAuthRoutes } from "./auth-routes";

/** Second factor, single sign-on, the account's sessions and the sign-in policy. */
export async function signInRoutes(app: VigilApp) {
  await signInAuthRoutes(app);
  await signInAccountRoutes(app);
}
