import { z } from "zod";
import { parsePolicyFile, triagePolicySchema } from "../../core/triage-policies";
import { badRequest } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { TRIAGE_POLICY_EXPIRY_QUEUE } from "./jobs";
import { applyPolicies, createPolicy, deletePolicy, listPolicies, policyView, updatePolicy } from "./store";

const tags = ["vulnerabilities"];
const idParams = z.object({ id: z.string().min(1).max(100) });
const analysis = z.object({ status: z.string(), justification: z.string().nullable(), response: z.string().nullable(), detail: z.string().nullable() });

const policySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  conditions: z.record(z.string(), z.unknown()),
  analysis: z.record(z.string(), z.unknown()),
  expiresOn: z.string().nullable(),
  enabled: z.boolean(),
  priority: z.number(),
  expired: z.boolean(),
  active: z.boolean(),
  decidedFindings: z.number(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const changeSchema = z.object({
  findingId: z.string(),
  deviceModel: z.string(),
  version: z.string(),
  vulnerability: z.string(),
  component: z.string(),
  kind: z.enum(["apply", "reopen"]),
  policy: z.object({ id: z.string(), name: z.string() }),
  reason: z.string().nullable(),
  from: analysis,
  to: analysis,
});
const outcome = { applied: z.number(), reopened: z.number(), changes: z.array(changeSchema) };
const savedSchema = z.object({ policy: policySchema, ...outcome });

const applyBody = z
  .object({
    /** A policy file as text (YAML or JSON), as kept in the manufacturer's repository. */
    yaml: z.string().min(1).max(2 * 1024 * 1024).optional(),
    fileName: z.string().trim().min(1).max(300).optional(),
  })
  .strict();

export async function triagePolicyRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  app.addHook("onReady", async () => {
    // Recurring work is queued by processes that run jobs; a serve-only process (VIGIL_WORKERS=0) leaves it to them.
    if (app.services.config.workers === 0) return;
    try {
      await app.services.jobs.enqueueDaily(TRIAGE_POLICY_EXPIRY_QUEUE, app.services.now());
    } catch (err) {
      app.log.warn({ err: (err as Error).message }, "could not queue the triage policy expiry run at start-up");
    }
  });

  app.get(
    "/api/triage-policies",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Triage policies, with how many open findings each decides", response: { 200: z.object({ items: z.array(policySchema) }) } } },
    async () => ({ items: await listPolicies(db(), app.services.now()) }),
  );

  app.post(
    "/api/triage-policies",
    {
      config: { access: "vulnerabilities:write" },
      schema: { tags, summary: "Create a triage policy and apply it to the open findings nobody analysed", body: triagePolicySchema, response: { 201: savedSchema } },
    },
    async (request, reply) => {
      const now = app.services.now();
      const { policy, ...rest } = await createPolicy(db(), request.body, actorOf(request.principal!), now);
      return reply.status(201).send({ policy: policyView(policy, now, rest.applied), ...rest });
    },
  );

  app.put(
    "/api/triage-policies/:id",
    {
      config: { access: "vulnerabilities:write" },
      schema: { tags, summary: "Change a triage policy; the findings it decides are decided again (re-opened where it no longer applies)", params: idParams, body: triagePolicySchema, response: { 200: savedSchema } },
    },
    async (request) => {
      const now = app.services.now();
      const { policy, ...rest } = await updatePolicy(db(), request.params.id, request.body, actorOf(request.principal!), now);
      const view = (await listPolicies(db(), now)).find((p) => p.id === policy.id);
      return { policy: view ?? policyView(policy, now, 0), ...rest };
    },
  );

  app.delete(
    "/api/triage-policies/:id",
    {
      config: { access: "vulnerabilities:write" },
      schema: { tags, summary: "Delete a triage policy; the findings it decided are re-opened (under investigation), with a history entry naming it", params: idParams, response: { 200: z.object(outcome) } },
    },
    async (request) => deletePolicy(db(), request.params.id, actorOf(request.principal!), app.services.now()),
  );

  app.post(
    "/api/triage-policies/apply",
    {
      config: { access: "vulnerabilities:write" },
      schema: {
        tags,
        summary: "Apply the triage policies to the open findings; with a policy file, upsert its policies by name first. dryRun=true shows what would change and writes nothing",
        querystring: z.object({ dryRun: z.enum(["true", "false"]).optional() }).strict(),
        body: applyBody.nullish(),
        response: { 200: z.object({ dryRun: z.boolean(), policies: z.object({ created: z.array(z.string()), updated: z.array(z.string()), unchanged: z.array(z.string()) }), ...outcome }) },
      },
    },
    async (request) => {
      let file = null;
      if (request.body?.yaml) {
        const name = request.body.fileName ?? "policies.yaml";
        const parsed = parsePolicyFile(name, request.body.yaml);
        if (!parsed.ok) throw badRequest(`${name} is not a valid triage policy file`, parsed.issues.map((i) => ({ path: `body/yaml ${i.path}`, message: i.reason })));
        file = parsed.policies;
      }
      return applyPolicies(db(), file, actorOf(request.principal!), app.services.now(), request.query.dryRun === "true");
    },
  );
}
