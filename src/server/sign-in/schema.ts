import { index, integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { users } from "../accounts/schema";
import { createdAt, id, ts } from "../platform/db/columns";

/** A local account's TOTP second factor (RFC 6238). The secret must stay readable to verify codes. */
export const userTotp = pgTable("user_totp", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secret: text("secret"), // base32; null until an enrolment is confirmed
  enabledAt: ts("enabled_at"),
  pendingSecret: text("pending_secret"), // an enrolment started but not yet confirmed with a code
  pendingSince: ts("pending_since"),
  lastUsedStep: integer("last_used_step"), // a code is accepted once: a replayed code of the same step is refused
});

/** One-time recovery codes, stored as SHA-256 of the code; a used code stays, marked. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    createdAt: createdAt(),
    usedAt: ts("used_at"),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

/** The identity-provider account (issuer + subject) a Vigil user signs in with. */
export const userIdentities = pgTable(
  "user_identities",
  {
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSignInAt: ts("last_sign_in_at"),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index("user_identities_user_idx").on(t.userId)],
);

/**
 * A sign-in in progress: the password was right but a second factor is due, or an OIDC authorisation request
 * awaits its callback. Keyed by the SHA-256 of a random value held by the browser; short-lived.
 */
export const signInChallenges = pgTable(
  "sign_in_challenges",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(), // "totp" | "totp_enrol" | "oidc"
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    data: jsonb("data").$type<Record<string, string>>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [index("sign_in_challenges_expiry_idx").on(t.expiresAt)],
);
