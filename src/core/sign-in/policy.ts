import type { Role } from "../access/roles";

/** Whether an account may sign in with its Vigil password. */
export function passwordSignInAllowed(
  user: { email: string; role: string },
  policy: { localSignIn: boolean; breakGlassEmails: readonly string[] },
): boolean {
  if (policy.localSignIn) return true;
  return user.role === "admin" && policy.breakGlassEmails.includes(user.email.toLowerCase());
}

/** Whether a role must use a second factor with its password (set by an administrator). */
export function secondFactorRequired(role: Role, requiredRoles: readonly string[]): boolean {
  return requiredRoles.includes(role);
}
