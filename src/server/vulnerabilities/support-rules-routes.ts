import { z } from "zod";
import { SUPPORT_LEVELS, supportRuleSchema } from "../../core/sbom";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { createSupportRule, deleteSupportRule, listSupportRules, updateSupportRule } from "./support-rules-store";

const ruleSchema = z.object({
  id: z.string(),
  name: z.string(),
  purlPattern: z.string(),
  versionRange: z.string().nullable(),
  level: z.enum(SUPPORT_LEVELS),
  endOfSupport: z.string().nullable(),
  note: z.string().nullable(),
  /** Components of current SBOMs whose support this rule decides now (neither the SBOM nor a manual entry states it, and no more specific rule matches). */
  decidedComponents: z.number(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const idParams = z.object({ id: z.string().min(1).max(100) });

/** Support rules: the support of every component a purl pattern covers, below the SBOM's own statement and manual entries. */
export async function supportRuleRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["vulnerabilities"];

  app.get(
    "/api/components/support-rules",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Support rules, with how many components each decides now", response: { 200: z.object({ items: z.array(ruleSchema) }) } } },
    async () => ({ items: await listSupportRules(db()) }),
  );

  app.post(
    "/api/components/support-rules",
    {
      config: { access: "vulnerabilities:write" },
      schema: { tags, summary: "Create a support rule; it applies at once to current SBOMs and to every SBOM uploaded later", body: supportRuleSchema, response: { 201: ruleSchema } },
    },
    async (request, reply) => reply.code(201).send(await createSupportRule(db(), request.body, actorOf(request.principal!), app.services.now())),
  );

  app.put(
    "/api/components/support-rules/:id",
    {
      config: { access: "vulnerabilities:write" },
      schema: { tags, summary: "Change a support rule; the components it decides are re-evaluated", params: idParams, body: supportRuleSchema, response: { 200: ruleSchema } },
    },
    async (request) => updateSupportRule(db(), request.params.id, request.body, actorOf(request.principal!), app.services.now()),
  );

  app.delete(
    "/api/components/support-rules/:id",
    { config: { access: "vulnerabilities:write" }, schema: { tags, summary: "Delete a support rule; the components it decided fall back to the next rule or to unknown", params: idParams } },
    async (request, reply) => {
      await deleteSupportRule(db(), request.params.id, actorOf(request.principal!));
      return reply.code(204).send();
    },
  );
}
