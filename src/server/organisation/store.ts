import { eq } from "drizzle-orm";
import { type Actor, audited } from "../audit/store";
import type { Db } from "../platform/db/client";
import { organisationProfile } from "./schema";

export const PROFILE_ID = "default";
export type OrganisationProfile = typeof organisationProfile.$inferSelect;
export type ProfileInput = Omit<OrganisationProfile, "id" | "updatedAt">;

export const emptyProfile: ProfileInput = {
  legalName: "",
  mainEstablishment: null,
  otherMemberStates: [],
  staffHeadcount: null,
  annualTurnoverEur: null,
  balanceSheetTotalEur: null,
  productLines: [],
  activities: [],
  designations: [],
};

export async function getProfile(db: Db): Promise<OrganisationProfile | null> {
  const [row] = await db.select().from(organisationProfile).where(eq(organisationProfile.id, PROFILE_ID)).limit(1);
  return row ?? null;
}

export async function saveProfile(db: Db, actor: Actor, input: ProfileInput): Promise<OrganisationProfile> {
  const before = await getProfile(db);
  return audited(db, actor, async (tx) => {
    const values = { ...input, id: PROFILE_ID, updatedAt: new Date() };
    const [after] = before
      ? await tx.update(organisationProfile).set(values).where(eq(organisationProfile.id, PROFILE_ID)).returning()
      : await tx.insert(organisationProfile).values(values).returning();
    return {
      result: after,
      changes: [{ action: before ? "update" : "create", entityType: "organisation_profile", entityId: PROFILE_ID, before, after }],
    };
  });
}
