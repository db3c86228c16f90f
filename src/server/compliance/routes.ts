import { createHash } from "node:crypto";
import { asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import { z } from "zod";
import { buildSoaRows, compareSnapshots, formatImportProblem, parseCustomFramework } from "../../core/compliance";
import { users } from "../accounts/schema";
import { type AuditChange, audited } from "../audit/store";
import { contentDisposition, decodeBase64, EVIDENCE_BODY_LIMIT, fileNameProblem, MAX_EVIDENCE_BYTES, sha256Hex } from "../incidents/evidence";
import { getProfile } from "../organisation/store";
import type { DbOrTx } from "../platform/db/client";
import { AppError, badRequest, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { inPageOrder, pageSchema, wantsPage } from "../platform/paging";
import * as s from "./api-schemas";
import { nis2SelfAssessmentPdf, soaCsv, soaPdf, soaXlsx } from "./documents";
import { loadControlLibrary } from "./library";
import { controlFilters, controlListQuery, controlPageIds, evidenceFilters, evidenceListQuery, evidencePageIds } from "./paging";
import {
  complianceApprovals,
  complianceControlEvidence,
  complianceControls,
  complianceEvidence,
  complianceEvidenceVersions,
  complianceFrameworks,
  complianceRequirements,
  complianceSnapshots,
  type OrganisationMapping,
} from "./schema";
import { adoptLibrary, canonicalJson, loadAssessment, RECORD_TABLES, recordExists, recordTableOf, snapshotContent, todayOf } from "./store";
import { controlDetailView, controlView, derivationView, evidenceView } from "./views";

const tags = ["compliance"];

function decodeFile(file: { fileName: string; contentBase64: string }, path: string): Buffer {
  const nameProblem = fileNameProblem(file.fileName);
  if (nameProblem) throw badRequest(`${path}/fileName ${nameProblem}`, [{ path: `${path}/fileName`, message: nameProblem }]);
  const bytes = decodeBase64(file.contentBase64);
  if (!bytes) throw badRequest(`${path}/contentBase64 is not valid base64`, [{ path: `${path}/contentBase64`, message: "is not valid base64" }]);
  if (bytes.length === 0) throw badRequest(`${path}/contentBase64: the file is empty`, [{ path: `${path}/contentBase64`, message: "the file is empty" }]);
  if (bytes.length > MAX_EVIDENCE_BYTES) throw new AppError(413, "payload_too_large", `the file is larger than ${MAX_EVIDENCE_BYTES} bytes`);
  return bytes;
}

function checkJustification(applicable: boolean, status: string, justification: string | null | undefined) {
  if ((!applicable || status === "not_applicable") && !justification?.trim()) {
    throw badRequest("body/exclusionJustification: a control that is excluded or not applicable needs a justification", [
      { path: "body/exclusionJustification", message: "required when the control is excluded or not applicable" },
    ]);
  }
}

async function checkOwner(db: DbOrTx, ownerId: string | null | undefined) {
  if (!ownerId) return;
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.id, ownerId));
  if (!u) throw badRequest("body/ownerId: no such user", [{ path: "body/ownerId", message: "no such user" }]);
}

export async function complianceRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const catalog = () => app.services.catalog;
  const library = await loadControlLibrary(app.services.catalog);
  const assess = (tx: DbOrTx = db()) => loadAssessment(tx, catalog(), library, app.services.now());

  async function findControl(tx: DbOrTx, id: string) {
    const [row] = await tx.select().from(complianceControls).where(eq(complianceControls.id, id));
    if (!row) throw notFound("Control");
    return row;
  }

  async function evidenceViews(tx: DbOrTx, ids?: string[], where?: SQL) {
    const rows = ids
      ? ids.length === 0
        ? []
        : await tx.select().from(complianceEvidence).where(inArray(complianceEvidence.id, ids))
      : await tx.select().from(complianceEvidence).where(where).orderBy(asc(complianceEvidence.title));
    if (rows.length === 0) return [];
    const evIds = rows.map((r) => r.id);
    const [versions, links] = await Promise.all([
      tx
        .select({
          id: complianceEvidenceVersions.id,
          evidenceId: complianceEvidenceVersions.evidenceId,
          version: complianceEvidenceVersions.version,
          fileName: complianceEvidenceVersions.fileName,
          mediaType: complianceEvidenceVersions.mediaType,
          size: complianceEvidenceVersions.size,
          sha256: complianceEvidenceVersions.sha256,
          uploadedBy: complianceEvidenceVersions.uploadedBy,
          uploadedAt: complianceEvidenceVersions.uploadedAt,
        })
        .from(complianceEvidenceVersions)
        .where(inArray(complianceEvidenceVersions.evidenceId, evIds)),
      tx
        .select({ evidenceId: complianceControlEvidence.evidenceId, id: complianceControls.id, code: complianceControls.code, title: complianceControls.title })
        .from(complianceControlEvidence)
        .innerJoin(complianceControls, eq(complianceControls.id, complianceControlEvidence.controlId))
        .where(inArray(complianceControlEvidence.evidenceId, evIds)),
    ]);
    const today = todayOf(app.services.now());
    return rows.map((e) =>
      evidenceView(
        e,
        versions.filter((v) => v.evidenceId === e.id).map((v) => ({ ...v, contentBase64: "" })),
        links.filter((l) => l.evidenceId === e.id).map(({ id, code, title }) => ({ id, code, title })),
        today,
      ),
    );
  }

  // ---------------- Library ----------------
  app.get(
    "/api/compliance/library",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "The harmonised control library with its mappings",
        response: {
          200: z.object({
            id: z.string(),
            name: z.string(),
            version: z.number(),
            lastReviewed: z.string(),
            controls: z.array(
              z.object({
                id: z.string(),
                domain: z.string(),
                title: z.string(),
                description: z.string(),
                evidence: z.array(z.string()),
                mappings: z.array(z.object({ to: z.string(), relationship: z.string(), strength: z.string(), source: z.string(), confidence: z.string(), note: z.string().optional() })),
              }),
            ),
          }),
        },
      },
    },
    async () => library,
  );

  app.post(
    "/api/compliance/library/adopt",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Adopt every library control the workspace does not have yet", response: { 200: z.object({ adopted: z.number() }) } } },
    async (request) => ({ adopted: await adoptLibrary(db(), actorOf(request.principal!), library) }),
  );

  // ---------------- Frameworks and coverage ----------------
  app.get(
    "/api/compliance/frameworks",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Coverage per framework and per article/clause", response: { 200: z.array(s.frameworkCoverageView) } } },
    async () => (await assess()).coverage,
  );

  app.get(
    "/api/compliance/frameworks/:id",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "One framework's requirements with their derived status and the chain of mappings behind it",
        params: s.idParams,
        response: { 200: z.object({ coverage: s.frameworkCoverageView, requirements: z.array(s.requirementView) }) },
      },
    },
    async (request) => {
      const a = await assess();
      const model = a.models.find((m) => m.id === request.params.id);
      if (!model) throw notFound("Framework");
      return {
        coverage: a.coverage.find((c) => c.id === model.id)!,
        requirements: model.requirements.map((r) => ({ ...r, ...derivationView(a.derivations.get(r.id)!, a) })),
      };
    },
  );

  app.post(
    "/api/compliance/frameworks/import",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Import a custom framework (YAML or JSON); a rejected file changes nothing", body: s.importFrameworkBody, response: { 201: z.object({ id: z.string(), key: z.string(), requirements: z.number() }) } },
    },
    async (request, reply) => {
      const { fileName, content, replace } = request.body;
      const existing = await db().select().from(complianceFrameworks);
      const controlCodes = new Set((await db().select({ code: complianceControls.code }).from(complianceControls)).map((c) => c.code));
      const probe = parseCustomFramework(content, {
        takenFrameworkIds: new Set([...catalog().frameworks.keys(), ...existing.map((f) => f.key)]),
        controlExists: (c) => controlCodes.has(c),
        requirementExists: (r) => catalog().items.has(r) || false,
        ...(replace ? { replacing: (parseCustomFramework(content, { takenFrameworkIds: new Set(), controlExists: () => true, requirementExists: () => true }).framework?.id ?? "") } : {}),
      });
      if (!probe.framework) {
        const details = probe.problems.map((p) => ({ path: p.line !== null ? `line ${p.line}` : "file", message: formatImportProblem(p), line: p.line, column: p.column }));
        throw badRequest(`${fileName}: ${details[0].message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}`, details);
      }
      const f = probe.framework;
      const sha = sha256Hex(Buffer.from(content, "utf8"));
      const out = await audited(db(), actorOf(request.principal!), async (tx) => {
        const old = existing.find((e) => e.key === f.id);
        const changes: AuditChange[] = [];
        if (old) {
          await tx.delete(complianceFrameworks).where(eq(complianceFrameworks.id, old.id));
          changes.push({ action: "delete", entityType: "compliance_framework", entityId: old.id, before: old });
        }
        const [row] = await tx
          .insert(complianceFrameworks)
          .values({ key: f.id, name: f.name, version: f.version ?? null, description: f.description ?? null, source: f.source ?? null, fileName, fileSha256: sha, importedBy: request.principal!.email })
          .returning();
        await tx.insert(complianceRequirements).values(
          f.requirements.map((q) => ({ frameworkId: row.id, requirementId: q.id, parent: q.parent ?? null, title: q.title, description: q.description ?? null, position: q.position, mappings: q.mappings })),
        );
        changes.push({ action: "import", entityType: "compliance_framework", entityId: row.id, after: { ...row, requirements: f.requirements.length } });
        return { result: { id: row.id, key: row.key, requirements: f.requirements.length }, changes };
      });
      return reply.status(201).send(out);
    },
  );

  app.delete(
    "/api/compliance/frameworks/:id",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Remove an imported framework", params: s.idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [row] = await tx.select().from(complianceFrameworks).where(eq(complianceFrameworks.key, request.params.id));
        if (!row) throw notFound("Imported framework");
        await tx.delete(complianceFrameworks).where(eq(complianceFrameworks.id, row.id));
        return { result: null, changes: [{ action: "delete", entityType: "compliance_framework", entityId: row.id, before: row }] };
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/compliance/crosswalk",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Crosswalk matrix: each control against each framework",
        response: {
          200: z.object({
            frameworks: z.array(z.object({ id: z.string(), name: z.string() })),
            rows: z.array(
              z.object({
                id: z.string(),
                code: z.string(),
                title: z.string(),
                domain: z.string(),
                effectiveStatus: z.string(),
                cells: z.record(z.string(), z.object({ full: z.array(z.string()), partial: z.array(z.string()), suggested: z.array(z.string()) })),
              }),
            ),
          }),
        },
      },
    },
    async () => {
      const a = await assess();
      const fwIds = new Set(a.models.map((m) => m.id));
      return {
        frameworks: a.models.map((m) => ({ id: m.id, name: m.name })),
        rows: a.rows.map((r) => {
          const cells: Record<string, { full: string[]; partial: string[]; suggested: string[] }> = {};
          for (const l of a.links) {
            if (l.control !== r.code || l.relationship === "not_related") continue;
            const fw = l.requirement.slice(0, l.requirement.indexOf(":"));
            if (!fwIds.has(fw)) continue;
            cells[fw] ??= { full: [], partial: [], suggested: [] };
            const cell = cells[fw];
            (l.relationship === "intersect" ? cell.suggested : l.relationship === "subset" ? cell.partial : cell.full).push(l.requirement);
          }
          return { id: r.id, code: r.code, title: r.title, domain: r.domain, effectiveStatus: controlView(r, a).effectiveStatus, cells };
        }),
      };
    },
  );

  // ---------------- Controls ----------------
  app.get(
    "/api/compliance/controls",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary:
          "The organisation's controls with their gap-assessment fields, filtered by domain, effective status, owner, applicability or text; with limit, cursor or page one sorted page with the total",
        querystring: controlListQuery,
        response: { 200: z.union([z.array(s.controlView), pageSchema(s.controlView)]) },
      },
    },
    async (request) => {
      const q = request.query;
      const today = todayOf(app.services.now());
      // Framework counts and owner names come from the assessment, which reads every control's mappings.
      if (wantsPage(q)) {
        const [page, a] = await Promise.all([controlPageIds(db(), q, today), assess()]);
        return { items: inPageOrder(page.ids, a.rows).map((r) => controlView(r, a)), total: page.total, nextCursor: page.nextCursor };
      }
      const filters = controlFilters(q, today);
      const [a, selected] = await Promise.all([assess(), filters ? db().select({ id: complianceControls.id }).from(complianceControls).where(filters) : null]);
      const keep = selected && new Set(selected.map((r) => r.id));
      return a.rows.filter((r) => !keep || keep.has(r.id)).map((r) => controlView(r, a));
    },
  );

  app.get(
    "/api/compliance/controls/domains",
    { config: { access: "workspace:read" }, schema: { tags, summary: "The domains the controls belong to, for the list's domain filter", response: { 200: z.array(z.string()) } } },
    async () => (await db().selectDistinct({ domain: complianceControls.domain }).from(complianceControls).orderBy(asc(complianceControls.domain))).map((r) => r.domain),
  );

  app.get(
    "/api/compliance/controls/:id",
    { config: { access: "workspace:read" }, schema: { tags, summary: "One control with its mappings both ways and its evidence", params: s.idParams, response: { 200: s.controlDetailView } } },
    async (request) => {
      const row = await findControl(db(), request.params.id);
      const a = await assess();
      const evIds = (a.evidenceByControl.get(row.id) ?? []).map((e) => e.id);
      return controlDetailView(a.byCode.get(row.code)!, a, catalog(), library, await evidenceViews(db(), evIds));
    },
  );

  app.post(
    "/api/compliance/controls",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Add an own control", body: s.createControlBody, response: { 201: s.controlView } } },
    async (request, reply) => {
      const b = request.body;
      if (!b.code || !b.title || !b.description || !b.domain) throw badRequest("code, domain, title and description are required");
      checkJustification(b.applicable ?? true, b.status ?? "not_started", b.exclusionJustification);
      await checkOwner(db(), b.ownerId);
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [dup] = await tx.select({ id: complianceControls.id }).from(complianceControls).where(eq(complianceControls.code, b.code!));
        if (dup) throw badRequest(`body/code: a control ${b.code} exists already`, [{ path: "body/code", message: "already exists" }]);
        const [r] = await tx
          .insert(complianceControls)
          .values({ ...b, code: b.code!, title: b.title!, description: b.description!, domain: b.domain!, links: b.links ?? [], mappings: [] })
          .returning();
        return { result: r, changes: [{ action: "create", entityType: "compliance_control", entityId: r.id, after: r }] };
      });
      const a = await assess();
      return reply.status(201).send(controlView(a.byCode.get(row.code)!, a));
    },
  );

  app.patch(
    "/api/compliance/controls/:id",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Tailor a control or record its assessment", params: s.idParams, body: s.updateControlBody, response: { 200: s.controlView } } },
    async (request) => {
      const b = request.body;
      await checkOwner(db(), b.ownerId);
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const before = await findControl(tx, request.params.id);
        const next = { ...before, ...b };
        checkJustification(next.applicable, next.status, next.exclusionJustification);
        const [after] = await tx.update(complianceControls).set({ ...b, updatedAt: app.services.now() }).where(eq(complianceControls.id, before.id)).returning();
        return { result: after, changes: [{ action: "update", entityType: "compliance_control", entityId: after.id, before, after }] };
      });
      const a = await assess();
      return controlView(a.byCode.get(row.code)!, a);
    },
  );

  app.post(
    "/api/compliance/controls/bulk",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Set the same fields on many controls in one change", body: s.bulkBody, response: { 200: z.object({ updated: z.number() }) } },
    },
    async (request) => {
      const { ids, set } = request.body;
      await checkOwner(db(), set.ownerId);
      const updated = await audited(db(), actorOf(request.principal!), async (tx) => {
        const rows = await tx.select().from(complianceControls).where(inArray(complianceControls.id, ids));
        if (rows.length !== new Set(ids).size) throw badRequest("body/ids: some controls do not exist", [{ path: "body/ids", message: "some controls do not exist" }]);
        const changes: AuditChange[] = [];
        for (const before of rows) {
          const next = { ...before, ...set };
          checkJustification(next.applicable, next.status, next.exclusionJustification);
          const [after] = await tx.update(complianceControls).set({ ...set, updatedAt: app.services.now() }).where(eq(complianceControls.id, before.id)).returning();
          changes.push({ action: "update", entityType: "compliance_control", entityId: after.id, before, after });
        }
        return { result: rows.length, changes };
      });
      return { updated };
    },
  );

  app.post(
    "/api/compliance/controls/:id/mappings",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Add a mapping, or confirm a suggested (intersect) link with the relationship a person chose", params: s.idParams, body: s.mappingBody, response: { 200: s.controlView } },
    },
    async (request) => {
      const b = request.body;
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const before = await findControl(tx, request.params.id);
        const custom = await tx.select({ id: complianceRequirements.id }).from(complianceRequirements).where(eq(complianceRequirements.requirementId, b.requirement));
        if (!catalog().items.has(b.requirement) && custom.length === 0) {
          throw badRequest(`body/requirement: no requirement ${b.requirement}`, [{ path: "body/requirement", message: "no such requirement" }]);
        }
        const suggested = library.controls.find((c) => c.id === before.libraryId)?.mappings.some((m) => m.to === b.requirement && m.relationship === "intersect");
        const mapping: OrganisationMapping = {
          requirement: b.requirement,
          relationship: b.relationship,
          ...(b.strength ? { strength: b.strength } : {}),
          origin: suggested ? "confirmed" : "organisation",
          ...(b.note ? { note: b.note } : {}),
          by: request.principal!.email,
          at: app.services.now().toISOString(),
        };
        const mappings = [...before.mappings.filter((m) => m.requirement !== b.requirement), mapping];
        const [after] = await tx.update(complianceControls).set({ mappings, updatedAt: app.services.now() }).where(eq(complianceControls.id, before.id)).returning();
        return { result: after, changes: [{ action: "map", entityType: "compliance_control", entityId: after.id, before: { mappings: before.mappings }, after: { mappings } }] };
      });
      const a = await assess();
      return controlView(a.byCode.get(row.code)!, a);
    },
  );

  app.delete(
    "/api/compliance/controls/:id/mappings",
    {
      config: { access: "compliance:write" },
      schema: { tags, summary: "Remove an organisation mapping", params: s.idParams, querystring: z.object({ requirement: z.string().min(1) }).strict(), response: { 204: z.null() } },
    },
    async (request, reply) => {
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const before = await findControl(tx, request.params.id);
        const mappings = before.mappings.filter((m) => m.requirement !== request.query.requirement);
        if (mappings.length === before.mappings.length) throw notFound("Mapping");
        await tx.update(complianceControls).set({ mappings, updatedAt: app.services.now() }).where(eq(complianceControls.id, before.id));
        return { result: null, changes: [{ action: "unmap", entityType: "compliance_control", entityId: before.id, before: { mappings: before.mappings }, after: { mappings } }] };
      });
      return reply.status(204).send(null);
    },
  );

  // ---------------- Evidence ----------------
  app.get(
    "/api/compliance/evidence",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Evidence library, filtered by kind, expiry, control or text; with limit, cursor or page one sorted page with the total",
        querystring: evidenceListQuery,
        response: { 200: z.union([z.array(s.evidenceView), pageSchema(s.evidenceView)]) },
      },
    },
    async (request) => {
      const q = request.query;
      const today = todayOf(app.services.now());
      if (wantsPage(q)) {
        const page = await evidencePageIds(db(), q, today);
        return { items: inPageOrder(page.ids, await evidenceViews(db(), page.ids)), total: page.total, nextCursor: page.nextCursor };
      }
      return evidenceViews(db(), undefined, evidenceFilters(q, today));
    },
  );

  app.post(
    "/api/compliance/evidence",
    {
      config: { access: "compliance:write", bodyLimit: EVIDENCE_BODY_LIMIT },
      bodyLimit: EVIDENCE_BODY_LIMIT,
      schema: { tags, summary: "Upload a file or link a Vigil record as evidence, optionally attached to controls", body: s.createEvidenceBody, response: { 201: s.evidenceView } },
    },
    async (request, reply) => {
      const b = request.body;
      const principal = request.principal!;
      const bytes = b.file ? decodeFile(b.file, "body/file") : null;
      if (b.record) {
        if (!recordTableOf(b.record.kind)) {
          throw badRequest(`body/record/kind: unknown record kind ${b.record.kind}`, [{ path: "body/record/kind", message: `one of ${Object.keys(RECORD_TABLES).join(", ")}` }]);
        }
        if (!(await recordExists(db(), b.record.kind, b.record.id))) throw badRequest(`body/record/id: no ${b.record.kind} ${b.record.id}`, [{ path: "body/record/id", message: "no such record" }]);
      }
      if (b.validFrom && b.validUntil && b.validUntil < b.validFrom) throw badRequest("body/validUntil is before validFrom", [{ path: "body/validUntil", message: "before validFrom" }]);
      const id = await audited(db(), actorOf(principal), async (tx) => {
        const controls = b.controlIds?.length ? await tx.select().from(complianceControls).where(inArray(complianceControls.id, b.controlIds)) : [];
        if (controls.length !== new Set(b.controlIds ?? []).size) throw badRequest("body/controlIds: some controls do not exist", [{ path: "body/controlIds", message: "some controls do not exist" }]);
        const [e] = await tx
          .insert(complianceEvidence)
          .values({
            title: b.title,
            description: b.description ?? null,
            kind: b.file ? "file" : "record",
            recordKind: b.record?.kind ?? null,
            recordId: b.record?.id ?? null,
            validFrom: b.validFrom ?? null,
            validUntil: b.validUntil ?? null,
            currentVersion: b.file ? 1 : 0,
            createdBy: principal.email,
          })
          .returning();
        const changes: AuditChange[] = [{ action: "create", entityType: "compliance_evidence", entityId: e.id, after: e }];
        if (b.file && bytes) {
          const sha256 = sha256Hex(bytes);
          await tx.insert(complianceEvidenceVersions).values({ evidenceId: e.id, version: 1, fileName: b.file.fileName, mediaType: b.file.mediaType, size: bytes.length, sha256, contentBase64: bytes.toString("base64"), uploadedBy: principal.email, uploadedAt: app.services.now() });
          changes.push({ action: "upload", entityType: "compliance_evidence", entityId: e.id, after: { version: 1, fileName: b.file.fileName, size: bytes.length, sha256 } });
        }
        for (const c of controls) {
          await tx.insert(complianceControlEvidence).values({ controlId: c.id, evidenceId: e.id, linkedBy: principal.email });
          changes.push({ action: "link", entityType: "compliance_control", entityId: c.id, after: { evidenceId: e.id } });
        }
        return { result: e.id, changes };
      });
      return reply.status(201).send((await evidenceViews(db(), [id]))[0]);
    },
  );

  app.post(
    "/api/compliance/evidence/:id/versions",
    {
      config: { access: "compliance:write", bodyLimit: EVIDENCE_BODY_LIMIT },
      bodyLimit: EVIDENCE_BODY_LIMIT,
      schema: { tags, summary: "Upload a new version of an evidence file (renews its validity when given)", params: s.idParams, body: s.evidenceVersionBody, response: { 201: s.evidenceView } },
    },
    async (request, reply) => {
      const b = request.body;
      const bytes = decodeFile(b, "body");
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [e] = await tx.select().from(complianceEvidence).where(eq(complianceEvidence.id, request.params.id));
        if (!e) throw notFound("Evidence");
        if (e.kind !== "file") throw badRequest("evidence that links a record has no file versions");
        const version = e.currentVersion + 1;
        const sha256 = sha256Hex(bytes);
        await tx.insert(complianceEvidenceVersions).values({ evidenceId: e.id, version, fileName: b.fileName, mediaType: b.mediaType, size: bytes.length, sha256, contentBase64: bytes.toString("base64"), uploadedBy: request.principal!.email, uploadedAt: app.services.now() });
        const [after] = await tx
          .update(complianceEvidence)
          .set({ currentVersion: version, ...(b.validFrom ? { validFrom: b.validFrom } : {}), ...(b.validUntil ? { validUntil: b.validUntil } : {}), updatedAt: app.services.now() })
          .where(eq(complianceEvidence.id, e.id))
          .returning();
        return { result: null, changes: [{ action: "upload", entityType: "compliance_evidence", entityId: e.id, before: e, after: { ...after, fileName: b.fileName, size: bytes.length, sha256 } }] };
      });
      return reply.status(201).send((await evidenceViews(db(), [request.params.id]))[0]);
    },
  );

  app.patch(
    "/api/compliance/evidence/:id",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Edit evidence title, description or validity", params: s.idParams, body: s.updateEvidenceBody, response: { 200: s.evidenceView } } },
    async (request) => {
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [e] = await tx.select().from(complianceEvidence).where(eq(complianceEvidence.id, request.params.id));
        if (!e) throw notFound("Evidence");
        const [after] = await tx.update(complianceEvidence).set({ ...request.body, updatedAt: app.services.now() }).where(eq(complianceEvidence.id, e.id)).returning();
        return { result: null, changes: [{ action: "update", entityType: "compliance_evidence", entityId: e.id, before: e, after }] };
      });
      return (await evidenceViews(db(), [request.params.id]))[0];
    },
  );

  app.delete(
    "/api/compliance/evidence/:id",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Delete evidence (its record stays in the audit trail)", params: s.idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const [e] = await tx.select().from(complianceEvidence).where(eq(complianceEvidence.id, request.params.id));
        if (!e) throw notFound("Evidence");
        await tx.delete(complianceEvidence).where(eq(complianceEvidence.id, e.id));
        return { result: null, changes: [{ action: "delete", entityType: "compliance_evidence", entityId: e.id, before: e }] };
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/compliance/evidence/:id/versions/:version/content",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "Download one version of an evidence file", params: z.object({ id: z.string(), version: z.coerce.number().int().positive() }).strict() },
    },
    async (request, reply) => {
      const [v] = await db()
        .select()
        .from(complianceEvidenceVersions)
        .where(eq(complianceEvidenceVersions.evidenceId, request.params.id))
        .then((rows) => rows.filter((r) => r.version === request.params.version));
      if (!v) throw notFound("Evidence version");
      return reply.type(v.mediaType).header("content-disposition", contentDisposition(v.fileName)).header("x-content-sha256", v.sha256).send(Buffer.from(v.contentBase64, "base64"));
    },
  );

  app.post(
    "/api/compliance/controls/:id/evidence",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Attach existing evidence to a control", params: s.idParams, body: z.object({ evidenceId: z.string() }).strict(), response: { 200: s.controlView } } },
    async (request) => {
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const c = await findControl(tx, request.params.id);
        const [e] = await tx.select({ id: complianceEvidence.id }).from(complianceEvidence).where(eq(complianceEvidence.id, request.body.evidenceId));
        if (!e) throw badRequest("body/evidenceId: no such evidence", [{ path: "body/evidenceId", message: "no such evidence" }]);
        const inserted = await tx.insert(complianceControlEvidence).values({ controlId: c.id, evidenceId: e.id, linkedBy: request.principal!.email }).onConflictDoNothing().returning();
        return { result: c, changes: inserted.length ? [{ action: "link", entityType: "compliance_control", entityId: c.id, after: { evidenceId: e.id } }] : [] };
      });
      const a = await assess();
      return controlView(a.byCode.get(row.code)!, a);
    },
  );

  app.delete(
    "/api/compliance/controls/:id/evidence/:evidenceId",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Detach evidence from a control", params: z.object({ id: z.string(), evidenceId: z.string() }).strict(), response: { 204: z.null() } } },
    async (request, reply) => {
      await audited(db(), actorOf(request.principal!), async (tx) => {
        const c = await findControl(tx, request.params.id);
        const gone = await tx
          .delete(complianceControlEvidence)
          .where(inArray(complianceControlEvidence.id, (await tx.select().from(complianceControlEvidence).where(eq(complianceControlEvidence.controlId, c.id))).filter((l) => l.evidenceId === request.params.evidenceId).map((l) => l.id).concat([""])))
          .returning();
        if (gone.length === 0) throw notFound("Evidence link");
        return { result: null, changes: [{ action: "unlink", entityType: "compliance_control", entityId: c.id, before: { evidenceId: request.params.evidenceId } }] };
      });
      return reply.status(204).send(null);
    },
  );

  // ---------------- Snapshots and approvals ----------------
  const snapshotOut = (r: typeof complianceSnapshots.$inferSelect) => ({
    id: r.id,
    name: r.name,
    takenAt: r.takenAt.toISOString(),
    takenBy: r.takenBy,
    contentSha256: r.contentSha256,
    frameworks: r.content.frameworks,
  });

  app.get(
    "/api/compliance/snapshots",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Frozen assessments, newest first", response: { 200: z.array(s.snapshotView) } } },
    async () => (await db().select().from(complianceSnapshots).orderBy(desc(complianceSnapshots.takenAt))).map(snapshotOut),
  );

  app.post(
    "/api/compliance/snapshots",
    { config: { access: "compliance:write" }, schema: { tags, summary: "Freeze the current assessment", body: z.object({ name: z.string().trim().min(1).max(200) }).strict(), response: { 201: s.snapshotView } } },
    async (request, reply) => {
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const content = snapshotContent(await assess(tx), catalog(), library);
        const contentSha256 = createHash("sha256").update(canonicalJson(content)).digest("hex");
        const [r] = await tx.insert(complianceSnapshots).values({ name: request.body.name, takenAt: app.services.now(), takenBy: request.principal!.email, contentSha256, content }).returning();
        return { result: r, changes: [{ action: "create", entityType: "compliance_snapshot", entityId: r.id, after: { name: r.name, contentSha256 } }] };
      });
      return reply.status(201).send(snapshotOut(row));
    },
  );

  app.get(
    "/api/compliance/snapshots/compare",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "What improved and what regressed between two snapshots (`to` may be `current`)",
        querystring: z.object({ from: z.string(), to: z.string() }).strict(),
        response: {
          200: z.object({
            frameworks: z.array(z.object({ id: z.string(), name: z.string(), from: z.number().nullable(), to: z.number().nullable(), delta: z.number().nullable() })),
            improved: z.array(z.object({ requirement: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
            regressed: z.array(z.object({ requirement: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
            rescoped: z.array(z.object({ requirement: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
            controls: z.array(z.object({ id: z.string(), title: z.string(), from: z.string().nullable(), to: z.string().nullable(), direction: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const load = async (id: string) => {
        if (id === "current") return snapshotContent(await assess(), catalog(), library);
        const [r] = await db().select().from(complianceSnapshots).where(eq(complianceSnapshots.id, id));
        if (!r) throw notFound(`Snapshot ${id}`);
        return r.content;
      };
      return compareSnapshots(await load(request.query.from), await load(request.query.to));
    },
  );

  const approvalOut = async (rows: (typeof complianceApprovals.$inferSelect)[]) => {
    const snaps = await db().select({ id: complianceSnapshots.id, name: complianceSnapshots.name }).from(complianceSnapshots);
    return rows.map((r) => ({
      ...r,
      snapshotName: snaps.find((x) => x.id === r.snapshotId)?.name ?? "",
      approvedAt: r.approvedAt.toISOString(),
      createdAt: r.createdAt.toISOString(),
    }));
  };

  app.get(
    "/api/compliance/approvals",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Management body approvals of the measures (NIS2 Art. 20(1))", response: { 200: z.array(s.approvalView) } } },
    async () => approvalOut(await db().select().from(complianceApprovals).orderBy(desc(complianceApprovals.approvedAt))),
  );

  app.post(
    "/api/compliance/approvals",
    {
      config: { access: "compliance:write", bodyLimit: EVIDENCE_BODY_LIMIT },
      bodyLimit: EVIDENCE_BODY_LIMIT,
      schema: { tags, summary: "Record that the management body approved the measures of a snapshot", body: s.approvalBody, response: { 201: s.approvalView } },
    },
    async (request, reply) => {
      const b = request.body;
      const doc = b.document ? { name: b.document.fileName, sha: sha256Hex(decodeFile(b.document, "body/document")) } : null;
      const row = await audited(db(), actorOf(request.principal!), async (tx) => {
        const [snap] = await tx.select().from(complianceSnapshots).where(eq(complianceSnapshots.id, b.snapshotId));
        if (!snap) throw badRequest("body/snapshotId: no such snapshot", [{ path: "body/snapshotId", message: "no such snapshot" }]);
        const [r] = await tx
          .insert(complianceApprovals)
          .values({
            snapshotId: snap.id,
            measuresVersion: `${snap.name} (sha256:${snap.contentSha256.slice(0, 16)})`,
            approvedBy: b.approvedBy,
            approverFunction: b.approverFunction,
            approvedAt: new Date(b.approvedAt),
            decision: b.decision,
            documentName: doc?.name ?? null,
            documentSha256: doc?.sha ?? null,
            recordedBy: request.principal!.email,
          })
          .returning();
        return { result: r, changes: [{ action: "approve", entityType: "compliance_approval", entityId: r.id, after: r }] };
      });
      return reply.status(201).send((await approvalOut([row]))[0]);
    },
  );

  // ---------------- Documents ----------------
  const organisation = async () => (await getProfile(db()))?.legalName ?? "Organisation";

  app.get(
    "/api/compliance/soa",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Statement of Applicability rows (the 93 ISO/IEC 27001 Annex A controls)", response: { 200: z.array(s.soaRowView) } } },
    async () => {
      const a = await assess();
      return buildSoaRows(catalog(), a.derivations, new Map(a.rows.map((r) => [r.code, { ...a.stateByCode.get(r.code)!, justification: r.exclusionJustification }])));
    },
  );

  app.get(
    "/api/compliance/soa/export",
    {
      config: { access: "reports:export" },
      schema: { tags, summary: "Statement of Applicability as PDF, XLSX or CSV", querystring: z.object({ format: z.enum(["pdf", "xlsx", "csv"]) }).strict() },
    },
    async (request, reply) => {
      const a = await assess();
      const rows = buildSoaRows(catalog(), a.derivations, new Map(a.rows.map((r) => [r.code, { ...a.stateByCode.get(r.code)!, justification: r.exclusionJustification }])));
      const meta = { organisation: await organisation(), generatedAt: todayOf(app.services.now()), catalogVersion: catalog().version };
      const name = `statement-of-applicability-${meta.generatedAt}`;
      if (request.query.format === "csv") return reply.type("text/csv; charset=utf-8").header("content-disposition", contentDisposition(`${name}.csv`)).send(soaCsv(rows));
      if (request.query.format === "xlsx") {
        return reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").header("content-disposition", contentDisposition(`${name}.xlsx`)).send(await soaXlsx(rows, meta));
      }
      return reply.type("application/pdf").header("content-disposition", contentDisposition(`${name}.pdf`)).send(await soaPdf(rows, meta));
    },
  );

  app.get(
    "/api/compliance/reports/nis2-self-assessment",
    { config: { access: "reports:export" }, schema: { tags, summary: "NIS2 Art. 21 self-assessment report (PDF)" } },
    async (_request, reply) => {
      const a = await assess();
      const model = a.models.find((m) => m.id === "nis2")!;
      const [approval] = await db().select().from(complianceApprovals).orderBy(desc(complianceApprovals.approvedAt)).limit(1);
      const pdf = await nis2SelfAssessmentPdf({
        organisation: await organisation(),
        generatedAt: todayOf(app.services.now()),
        coverage: a.coverage.find((c) => c.id === "nis2")!,
        requirements: model.requirements,
        derivations: a.derivations,
        controlTitles: new Map(a.rows.map((r) => [r.code, r.title])),
        approval: approval ? { approvedBy: approval.approvedBy, approvedAt: approval.approvedAt.toISOString().slice(0, 10), measuresVersion: approval.measuresVersion } : null,
      });
      return reply.type("application/pdf").header("content-disposition", contentDisposition(`nis2-self-assessment-${todayOf(app.services.now())}.pdf`)).send(pdf);
    },
  );
}
