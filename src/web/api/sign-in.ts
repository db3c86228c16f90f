import { useQuery } from "@tanstack/react-query";
import type { Role } from "../../core/access/roles";
import { api } from "./client";
import type { SessionInfo } from "./types";

/** Answers of the sign-in routes (src/server/sign-in). */
export type SignInMethods = {
  passwordSignIn: "everyone" | "break_glass";
  singleSignOn: { label: string; startUrl: string } | null;
};

/** The password was right; the second factor (or its enrolment) finishes the sign-in. */
export type PendingSignIn = { secondFactor: "totp" | "enrol"; challenge: string };

export type Enrolment = { secret: string; otpauthUri: string; qrCode: string };

export type SecondFactorStatus = { enabled: boolean; enabledAt: string | null; required: boolean; recoveryCodesLeft: number };

export type AccountSession = { id: string; current: boolean; createdAt: string; lastSeenAt: string; ip: string | null; userAgent: string | null };

export type SignInPolicy = {
  secondFactorRoles: Role[];
  passwordSignIn: "everyone" | "break_glass";
  breakGlassAdmins: string[];
  singleSignOn: { issuer: string; roleClaim: string; createUsers: boolean } | null;
};

export const isPending = (r: SessionInfo | PendingSignIn): r is PendingSignIn => "challenge" in r;

export const signInKeys = {
  methods: ["sign-in", "methods"] as const,
  secondFactor: ["account", "second-factor"] as const,
  sessions: ["account", "sessions"] as const,
  policy: ["admin", "sign-in-policy"] as const,
};

export const useSignInMethods = () =>
  useQuery({ queryKey: signInKeys.methods, queryFn: () => api.get<SignInMethods>("/api/auth/methods", { redirectOn401: false }), staleTime: 60_000 });
export const useSecondFactorStatus = () => useQuery({ queryKey: signInKeys.secondFactor, queryFn: () => api.get<SecondFactorStatus>("/api/account/second-factor") });
export const useAccountSessions = () => useQuery({ queryKey: signInKeys.sessions, queryFn: () => api.get<AccountSession[]>("/api/account/sessions") });
export const useSignInPolicy = () => useQuery({ queryKey: signInKeys.policy, queryFn: () => api.get<SignInPolicy>("/api/admin/sign-in-policy") });
