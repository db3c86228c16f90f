import { inArray } from "drizzle-orm";
import { z } from "zod";
import { ACTIVITIES, checkRaciCells, governanceGaps, RESPONSIBILITIES, validateRaci } from "../../core/governance";
import { audited } from "../audit/store";
import { badRequest, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { gapsView, holdersBody, keyParams, raciBody, referenceView, responsibilitiesView } from "./api-schemas";
import { policyRoutes } from "./policy-routes";
import { GOVERNANCE_REFERENCE_KINDS, resolveGovernanceReference } from "./references";
import { reminderRoutes } from "./reminders";
import { governanceRaci, governanceRoleHolders, policies, trainingCampaigns } from "./schema";
import { campaignViews, checkUserIds, holders, policyViews, raciCells, staff } from "./store";
import { trainingRoutes } from "./training-routes";

export async function governanceRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["governance"];

  const responsibilitiesState = async () => {
    const [roleHolders, cells, people] = await Promise.all([holders(db()), raciCells(db()), staff(db())]);
    const byId = new Map(people.map((p) => [p.id, p]));
    return {
      responsibilities: RESPONSIBILITIES.map((r) => ({
        ...r,
        basis: [...r.basis],
        holders: roleHolders
          .filter((h) => h.responsibilityKey === r.key)
          .map((h) => ({ userId: h.userId, name: byId.get(h.userId)?.name ?? h.userId, email: byId.get(h.userId)?.email ?? "" })),
      })),
      activities: ACTIVITIES.map((a) => ({ ...a, basis: [...a.basis] })),
      cells: cells.map((c) => ({ activityKey: c.activityKey, responsibilityKey: c.responsibilityKey, letter: c.letter })),
      problems: validateRaci(cells),
    };
  };

  app.get(
    "/api/governance/responsibilities",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "Security responsibilities with their holders, activities and the RACI matrix with its problems", response: { 200: responsibilitiesView } },
    },
    async () => responsibilitiesState(),
  );

  app.put(
    "/api/governance/responsibilities/:key/holders",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Set who holds a security responsibility", params: keyParams, body: holdersBody, response: { 200: responsibilitiesView } },
    },
    async (request) => {
      const key = request.params.key;
      if (!RESPONSIBILITIES.some((r) => r.key === key)) throw notFound(`Responsibility ${key}`);
      const userIds = [...new Set(request.body.userIds)];
      await checkUserIds(db(), userIds, "body/userIds");
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const before = (await holders(tx)).filter((h) => h.responsibilityKey === key).map((h) => h.userId);
        await tx.delete(governanceRoleHolders).where(inArray(governanceRoleHolders.responsibilityKey, [key]));
        if (userIds.length > 0) await tx.insert(governanceRoleHolders).values(userIds.map((userId) => ({ responsibilityKey: key, userId })));
        return { result: null, changes: [{ action: "update", entityType: "governance_responsibility", entityId: key, before: { userIds: before }, after: { userIds } }] };
      });
      return responsibilitiesState();
    },
  );

  app.put(
    "/api/governance/raci",
    {
      config: { access: "compliance:write" },
      schema: {
        tags,
        summary: "Replace the RACI matrix; refused when an activity would have more than one Accountable",
        body: raciBody,
        response: { 200: responsibilitiesView },
      },
    },
    async (request) => {
      const cells = request.body.cells;
      const errors = checkRaciCells(cells);
      const several = validateRaci(cells).filter((p) => p.code === "several_accountable");
      if (errors.length > 0 || several.length > 0) {
        const details = [
          ...errors.map((e) => ({ path: `body/${e.split(":")[0]}`, message: e.split(": ").slice(1).join(": ") })),
          ...several.map((p) => ({ path: `body/cells/${p.activityKey}`, message: p.message })),
        ];
        throw badRequest(details.map((d) => d.message).join("; "), details);
      }
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const before = await raciCells(tx);
        await tx.delete(governanceRaci);
        if (cells.length > 0) await tx.insert(governanceRaci).values(cells.map((c) => ({ ...c, updatedAt: app.services.now() })));
        return {
          result: null,
          changes: [
            {
              action: "update",
              entityType: "governance_raci",
              entityId: "matrix",
              before: before.map((c) => ({ activityKey: c.activityKey, responsibilityKey: c.responsibilityKey, letter: c.letter })),
              after: cells,
            },
          ],
        };
      });
      return responsibilitiesState();
    },
  );

  app.get(
    "/api/governance/gaps",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Governance gaps for the dashboard: mandatory roles nobody holds, RACI problems, overdue policy reviews and overdue training",
        response: { 200: gapsView },
      },
    },
    async () => {
      const now = app.services.now();
      const [roleHolders, cells, policyRows, campaignRows] = await Promise.all([
        holders(db()),
        raciCells(db()),
        db().select().from(policies),
        db().select().from(trainingCampaigns),
      ]);
      const gaps: z.infer<typeof gapsView>["gaps"] = governanceGaps(roleHolders, cells).map((g) => ({ ...g, link: "/governance/responsibilities" }));
      const ps = await policyViews(db(), policyRows, now, null);
      for (const p of ps.filter((x) => x.reviewState === "overdue")) {
        gaps.push({
          kind: "policy_review_overdue",
          severity: "medium",
          policyId: p.id,
          message: `Policy "${p.title}" was due for review on ${p.nextReviewAt!.slice(0, 10)}`,
          basis: ["cir2024-2690:annex.1.1.2"],
          link: `/governance/policies/${p.id}`,
        });
      }
      for (const c of await campaignViews(db(), campaignRows, now)) {
        const late = c.assignees.filter((a) => a.status === "overdue").length;
        if (late === 0) continue;
        gaps.push({
          kind: "training_overdue",
          severity: c.kind === "management_body" ? "high" : "medium",
          campaignId: c.id,
          message: `Training "${c.title}": ${late} of ${c.assignees.length} overdue`,
          basis: c.kind === "management_body" ? ["nis2:art20.2"] : c.requirementIds,
          link: `/governance/training/${c.id}`,
        });
      }
      return { gaps, counts: { high: gaps.filter((g) => g.severity === "high").length, medium: gaps.filter((g) => g.severity === "medium").length } };
    },
  );

  app.get(
    "/api/governance/references/:kind/:id",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Resolve an evidence reference (policy, training_campaign, training_record) to a title, status, link and hash",
        params: z.object({ kind: z.enum(GOVERNANCE_REFERENCE_KINDS), id: z.string().min(1).max(100) }),
        response: { 200: referenceView },
      },
    },
    async (request) => {
      const ref = await resolveGovernanceReference(db(), request.params.kind, request.params.id);
      if (!ref) throw notFound(`${request.params.kind.replace("_", " ")} ${request.params.id}`);
      return ref;
    },
  );

  // Names of staff for pickers (responsibility holders, owners, training assignment).
  app.get(
    "/api/governance/people",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Active staff (not customers) that responsibilities, policies and training can be assigned to",
        response: { 200: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.string() })) },
      },
    },
    async () => (await staff(db())).filter((p) => p.active).map(({ id, name, email, role }) => ({ id, name, email, role })),
  );

  await policyRoutes(app);
  await trainingRoutes(app);
  await reminderRoutes(app);
}
