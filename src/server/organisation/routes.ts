import { z } from "zod";
import { ACTIVITIES, DESIGNATIONS } from "../../core/applicability";
import { euMemberStates } from "../../core/organisation/member-states";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { emptyProfile, getProfile, saveProfile } from "./store";

const memberState = z.enum(euMemberStates, { message: "must be an EU member state code (ISO 3166-1 alpha-2, e.g. DE)" });
const euros = z.number().int("whole euros").min(0, "must not be negative").max(1e15).nullable();

export const profileBody = z
  .object({
    legalName: z.string().trim().min(1, "required").max(300),
    mainEstablishment: memberState.nullable(),
    otherMemberStates: z.array(memberState).max(27),
    staffHeadcount: z.number().int("whole number").min(0, "must not be negative").max(10_000_000).nullable(),
    annualTurnoverEur: euros,
    balanceSheetTotalEur: euros,
    productLines: z.array(z.string().trim().min(1).max(200)).max(100),
    activities: z.array(z.enum(ACTIVITIES, { message: `must be one of ${ACTIVITIES.join(", ")}` })).max(50),
    designations: z.array(z.enum(DESIGNATIONS, { message: `must be one of ${DESIGNATIONS.join(", ")}` })).max(10),
  })
  .strict();

const profileSchema = profileBody.extend({
  mainEstablishment: z.string().nullable(),
  otherMemberStates: z.array(z.string()),
  activities: z.array(z.string()),
  designations: z.array(z.string()),
  updatedAt: z.string().nullable(),
});

export async function organisationRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  app.get(
    "/api/organisation",
    { config: { access: "workspace:read" }, schema: { tags: ["organisation"], summary: "The organisation profile", response: { 200: profileSchema } } },
    async () => {
      const p = await getProfile(db());
      return p ? { ...stripId(p), updatedAt: p.updatedAt.toISOString() } : { ...emptyProfile, updatedAt: null };
    },
  );
  app.put(
    "/api/organisation",
    {
      config: { access: "org:write" },
      schema: { tags: ["organisation"], summary: "Replace the organisation profile", body: profileBody, response: { 200: profileSchema } },
    },
    async (request) => {
      const body = request.body;
      const others = body.otherMemberStates.filter((c) => c !== body.mainEstablishment);
      const p = await saveProfile(db(), actorOf(request.principal!), { ...body, otherMemberStates: [...new Set(others)] });
      return { ...stripId(p), updatedAt: p.updatedAt.toISOString() };
    },
  );
}

function stripId<T extends { id: string; updatedAt: Date }>(p: T): Omit<T, "id" | "updatedAt"> {
  const { id: _id, updatedAt: _u, ...rest } = p;
  return rest;
}
