import type { Permission, Role } from "../../../core/access/roles";

/** Who is making a request, and what they may do. */
export type Principal = {
  userId: string;
  email: string;
  name: string;
  role: Role;
  customerId: string | null;
  permissions: ReadonlySet<Permission>;
  via: "session" | "token";
  sessionId?: string;
  tokenId?: string;
  csrfToken?: string;
  /** A one-time password is still in use: nothing but the password change is allowed. */
  mustChangePassword?: boolean;
};

export function actorOf(p: Principal) {
  return { id: p.userId, label: p.via === "token" ? `${p.email} (API token)` : p.email };
}
