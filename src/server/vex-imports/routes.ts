import { asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { suggestionSentence } from "../../core/vex-import";
import { notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { findings } from "../vulnerabilities/schema";
import { acceptSuggestion, importVexDocuments, VEX_FILE_LIMIT, VEX_FILES_PER_IMPORT } from "./import";
import { vexDocuments, vexSuggestions } from "./schema";
import { listTrustRules, setTrustRule } from "./trust";

const tags = ["vex"];
const idParams = z.object({ id: z.string().min(1).max(100) });
const versionParams = z.object({ versionId: z.string().min(1).max(100) });
const issue = z.object({ file: z.string(), path: z.string(), reason: z.string() });
const unknownProduct = z.object({ vulnerability: z.string(), product: z.string(), status: z.string() });

const uploadBody = z
  .object({
    files: z
      .array(z.object({ name: z.string().trim().min(1).max(500), contentBase64: z.string().min(1).max(Math.ceil((VEX_FILE_LIMIT * 4) / 3) + 4) }).strict())
      .min(1)
      .max(VEX_FILES_PER_IMPORT),
  })
  .strict();

export const vexImportOutcome = z.object({
  documents: z.array(
    z.object({
      id: z.string(),
      fileName: z.string(),
      format: z.string(),
      documentId: z.string(),
      revision: z.string().nullable(),
      publisher: z.string().nullable(),
      sha256: z.string(),
      statements: z.number(),
      suggestions: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), applied: z.number() }),
      unknownProducts: z.array(unknownProduct),
      warnings: z.array(issue),
    }),
  ),
});

const documentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  format: z.string(),
  category: z.string(),
  documentId: z.string(),
  revision: z.string().nullable(),
  publisher: z.string().nullable(),
  issuedAt: z.string().nullable(),
  tlp: z.string().nullable(),
  sha256: z.string(),
  statementCount: z.number(),
  suggestionCount: z.number(),
  unknownProducts: z.array(unknownProduct),
  warnings: z.array(issue),
  importedAt: z.string(),
  importedBy: z.string(),
});

const suggestionSchema = z.object({
  id: z.string(),
  sentence: z.string(),
  publisher: z.string().nullable(),
  documentId: z.string(),
  revision: z.string().nullable(),
  previousRevision: z.string().nullable(),
  issuedAt: z.string().nullable(),
  sha256: z.string(),
  status: z.string(),
  justification: z.string().nullable(),
  detail: z.string().nullable(),
  statedVulnerability: z.string(),
  product: z.string(),
  matchedBy: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
  acceptedAt: z.string().nullable(),
  acceptedBy: z.string().nullable(),
  updatedAt: z.string(),
});

const trustRuleBody = z.object({ publisher: z.string().trim().min(1).max(500), autoAccept: z.boolean() }).strict();
const trustRuleSchema = z.object({ publisher: z.string(), autoAccept: z.boolean(), createdBy: z.string(), createdAt: z.string() });

export async function vexImportRoutes(app: VigilApp) {
  const db = () => app.services.database.db;

  app.post(
    "/api/versions/:versionId/vex",
    {
      bodyLimit: VEX_FILES_PER_IMPORT * Math.ceil((VEX_FILE_LIMIT * 4) / 3) + 64 * 1024,
      config: { access: "vulnerabilities:write" },
      schema: {
        tags,
        summary: "Import supplier VEX documents (CycloneDX 1.4–1.6, OpenVEX 0.2, CSAF 2.0) for a software version as suggestions on its findings",
        description:
          "JSON {files:[{name, contentBase64}]}. One transaction: a file that is not a valid VEX document refuses the import (422 invalid_vex with details [{file, path, reason}]) and nothing changes. " +
          "Statements about products the version's SBOM does not contain are listed in unknownProducts and warnings.",
        params: versionParams,
        body: uploadBody,
        response: { 201: vexImportOutcome },
      },
    },
    async (request, reply) => {
      const files = request.body.files.map((f) => ({ name: f.name, content: Buffer.from(f.contentBase64, "base64") }));
      const outcome = await importVexDocuments(db(), { versionId: request.params.versionId, files, actor: actorOf(request.principal!), now: app.services.now() });
      return reply.status(201).send(outcome);
    },
  );

  app.get(
    "/api/versions/:versionId/vex",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Supplier VEX documents imported for a software version, newest first", params: versionParams, response: { 200: z.object({ items: z.array(documentSchema) }) } } },
    async (request) => {
      const rows = await db().select().from(vexDocuments).where(eq(vexDocuments.softwareVersionId, request.params.versionId)).orderBy(desc(vexDocuments.importedAt), asc(vexDocuments.id));
      return { items: rows.map((r) => ({ ...r, importedAt: r.importedAt.toISOString() })) };
    },
  );

  app.get(
    "/api/findings/:id/vex-suggestions",
    { config: { access: "workspace:read" }, schema: { tags, summary: "What suppliers' VEX documents say about a finding, with their source and what their latest revision changed", params: idParams, response: { 200: z.object({ items: z.array(suggestionSchema) }) } } },
    async (request) => {
      const [finding] = await db().select({ id: findings.id }).from(findings).where(eq(findings.id, request.params.id)).limit(1);
      if (!finding) throw notFound("Finding");
      const rows = await db().select().from(vexSuggestions).where(eq(vexSuggestions.findingId, finding.id)).orderBy(desc(vexSuggestions.updatedAt), asc(vexSuggestions.id));
      return {
        items: rows.map((s) => ({
          id: s.id,
          sentence: suggestionSentence(s),
          publisher: s.publisher,
          documentId: s.documentId,
          revision: s.revision,
          previousRevision: s.previousRevision,
          issuedAt: s.issuedAt,
          sha256: s.sha256,
          status: s.status,
          justification: s.justification,
          detail: s.detail,
          statedVulnerability: s.statedVulnerability,
          product: s.product,
          matchedBy: s.matchedBy,
          changes: s.changes,
          acceptedAt: s.acceptedAt?.toISOString() ?? null,
          acceptedBy: s.acceptedBy,
          updatedAt: s.updatedAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    "/api/vex-suggestions/:id/accept",
    {
      config: { access: "vulnerabilities:write" },
      schema: { tags, summary: "Accept a supplier's suggestion as the finding's analysis (recorded in the finding history naming the document)", params: idParams, body: z.object({}).strict().optional(), response: { 200: z.object({ findingId: z.string() }) } },
    },
    async (request) => acceptSuggestion(db(), request.params.id, actorOf(request.principal!), app.services.now()),
  );

  app.get(
    "/api/vex-trust-rules",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Suppliers whose VEX statements are applied without a person (never over an own analysis)", response: { 200: z.object({ items: z.array(trustRuleSchema) }) } } },
    async () => ({ items: await listTrustRules(db()) }),
  );

  app.put(
    "/api/vex-trust-rules",
    {
      config: { access: "vulnerabilities:write" },
      schema: {
        tags,
        summary:
          "Trust (autoAccept true) or stop trusting a supplier's VEX statements, by publisher name as the documents state it. Trusting also applies the supplier's pending statements to open findings nobody has analysed; `applied` counts them",
        body: trustRuleBody,
        response: { 200: trustRuleSchema.extend({ applied: z.number() }) },
      },
    },
    async (request) => setTrustRule(db(), request.body.publisher, request.body.autoAccept, actorOf(request.principal!), app.services.now()),
  );
}
