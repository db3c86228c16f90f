import type { Permission, Role } from "../../core/access/roles";

/** Shapes of the API answers the web interface reads (see src/server/<domain>/routes.ts and /api/openapi.json). */

export type Me = {
  id: string;
  email: string;
  name: string;
  role: Role;
  customerId: string | null;
  permissions: Permission[];
  via: "session" | "token";
};

export type SessionInfo = { user: Me; csrfToken: string | null; mustChangePassword: boolean };

export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: "active" | "disabled";
  customerId: string | null;
  mustChangePassword: boolean;
  locked: boolean;
  lastLoginAt: string | null;
  createdAt: string;
};

export type RoleInfo = { role: Role; description: string };

export type ApiToken = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  userId: string;
};

export type AuditEntry = {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: Array<{ field: string; before: unknown; after: unknown }>;
  hash: string;
  prevHash: string;
};

export type AuditPage = { total: number; entries: AuditEntry[]; nextCursor: string | null };

export type ChainVerdict = { intact: boolean; entries: number; lastHash?: string; firstBrokenSeq?: number; reason?: string };

export type OrganisationProfile = {
  legalName: string;
  mainEstablishment: string | null;
  otherMemberStates: string[];
  staffHeadcount: number | null;
  annualTurnoverEur: number | null;
  balanceSheetTotalEur: number | null;
  productLines: string[];
  activities: string[];
  designations: string[];
  updatedAt: string | null;
};

export type SupportStatus = "supported" | "limited" | "end_of_support" | "unknown";

export type SoftwareVersion = {
  id: string;
  version: string;
  releaseDate: string | null;
  supportStatus: SupportStatus | string;
  endOfSupport: string | null;
  installedUnits: number;
  sites: number;
};

export type DeviceModel = {
  id: string;
  name: string;
  modelNumber: string;
  udiDi: string | null;
  riskClass: string | null;
  intendedUse: string | null;
  connectivity: string[];
  softwareSafetyClass: string | null;
  kind: string;
  craCategory: string | null;
  supportPeriodEnd: string | null;
  regime: ProductRegime;
  versions: SoftwareVersion[];
};

/** Which regulation governs a product's cybersecurity (MDR/IVDR or the CRA) and why (src/core/cra/regime.ts). */
export type ProductRegime = {
  regime: "mdr" | "ivdr" | "cra" | "none";
  cra: "excluded" | "in_scope" | "not_a_product" | "out_of_scope";
  label: string;
  reasons: { text: string; basis: string; confidence: string }[];
  category: string | null;
  supportPeriodEnd: string | null;
};

export type Installation = {
  id: string;
  customer: string;
  site: string | null;
  deviceModel: string;
  version: string;
  supportStatus: SupportStatus | string;
  endOfSupport: string | null;
  units: number;
  since: string | null;
};
