import type { FastifyReply } from "fastify";
import { z } from "zod";
import { canonicalMemberState } from "../../core/catalog";
import { buildCraDraft, CRA_DRAFT_STAGES, CRA_STAGE_ITEMS, type CraDraftFacts, type CraReportDocument, isCraDraftStage } from "../../core/cra";
import { getProfile } from "../organisation/store";
import { badRequest, notFound } from "../platform/http/errors";
import type { VigilApp } from "../platform/http/types";
import type { StoredSeverity } from "../vulnerabilities/schema";
import { craCaseView, craFinding } from "./cra-cases";
import { contentDisposition } from "./evidence";
import { incidentRecordOf, reportPdf } from "./reports";
import { affectedProductNames, findIncident, loadRelated } from "./store";

const craStageParams = z.object({ id: z.string().min(1).max(100), stage: z.string().min(1).max(60) });

const severityText = (s: StoredSeverity | null) =>
  s ? `${s.level}${s.score !== null ? ` (CVSS${s.version ? ` ${s.version}` : ""} ${s.score.toFixed(1)})` : ""}` : undefined;

/**
 * CRA Art. 14 report drafts, generated from the incident and its CRA case as they stand: what each stage must
 * contain is read from the catalog (cra:art14.2.a–c, cra:art14.4.a–c); nothing is stored, so a draft always shows
 * the record's current facts and what is still to be confirmed.
 */
export async function craDraftRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["incidents"];

  async function craDraft(incidentId: string, stage: string): Promise<{ reference: string; doc: CraReportDocument }> {
    const incident = await findIncident(db(), incidentId);
    const cra = incident.cra;
    if (!cra) throw notFound(`CRA case of incident ${incident.reference}`);
    if (!isCraDraftStage(cra.case, stage)) {
      const message = `"${stage}" is not a report stage of a CRA ${cra.case.replace(/_/g, " ")} case; its stages are ${CRA_DRAFT_STAGES[cra.case].join(", ")}`;
      throw badRequest(`params/stage: ${message}`, [{ path: "params/stage", message }]);
    }
    const catalog = app.services.catalog;
    const item = catalog.items.get(CRA_STAGE_ITEMS[cra.case][stage] ?? "");
    if (!item?.content) throw new Error(`the catalog has no content list for the CRA ${cra.case} ${stage}`);
    const [related, profile, affected, view, found] = await Promise.all([
      loadRelated(db(), incident.id),
      getProfile(db()),
      affectedProductNames(db(), incident),
      craCaseView(db(), incident),
      cra.findingId ? craFinding(db(), cra.findingId) : undefined,
    ]);
    const facts: CraDraftFacts = {
      incident: incidentRecordOf(incident, profile, related.timeline, related.submissions, { products: affected }),
      cra,
      product: { name: view.product?.name ?? cra.productId, ...(view.product ? { regime: view.product.regime } : {}), affected },
      ...(found
        ? {
            vulnerability: {
              id: found.vulnerability.id,
              aliases: found.vulnerability.aliases,
              ...(found.vulnerability.summary ? { summary: found.vulnerability.summary } : {}),
              ...(severityText(found.vulnerability.severity) ? { severity: severityText(found.vulnerability.severity) } : {}),
              component: `${found.finding.componentName} ${found.finding.componentVersion}`,
              version: found.version.version,
              ...(found.kev ? { kevDateAdded: found.kev } : {}),
            },
          }
        : {}),
    };
    // Art. 14(7): the coordinating CSIRT is that of the Member State of the manufacturer's main establishment.
    const main = profile?.mainEstablishment ? canonicalMemberState(profile.mainEstablishment) : undefined;
    const state = main ? catalog.memberStates.get(main) : undefined;
    const doc = buildCraDraft(stage, { id: item.id, title: item.title, source: item.source, content: item.content }, facts, {
      generatedAt: app.services.now().toISOString(),
      ...(main ? { mainEstablishment: main } : {}),
      ...(state ? { timeZone: state.timeZone, csirt: state.csirt } : {}),
    });
    return { reference: incident.reference, doc };
  }

  const attachment = (reply: FastifyReply, name: string, type: string, body: string | Buffer) =>
    reply.type(type).header("content-disposition", contentDisposition(name)).send(body);

  app.get(
    "/api/incidents/:id/cra/drafts/:stage",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "The CRA Art. 14 report draft of a stage, filled from the record, with what is still to be confirmed", params: craStageParams },
    },
    async (request) => (await craDraft(request.params.id, request.params.stage)).doc,
  );

  app.get(
    "/api/incidents/:id/cra/drafts/:stage/json",
    { config: { access: "reports:export" }, schema: { tags, summary: "Export a CRA Art. 14 report draft as a JSON document", params: craStageParams } },
    async (request, reply) => {
      const { reference, doc } = await craDraft(request.params.id, request.params.stage);
      return attachment(reply, `${reference}-cra-${doc.stage}.json`, "application/json", JSON.stringify(doc, null, 2));
    },
  );

  app.get(
    "/api/incidents/:id/cra/drafts/:stage/pdf",
    { config: { access: "reports:export" }, schema: { tags, summary: "Export a CRA Art. 14 report draft as PDF", params: craStageParams } },
    async (request, reply) => {
      const { reference, doc } = await craDraft(request.params.id, request.params.stage);
      return attachment(reply, `${reference}-cra-${doc.stage}.pdf`, "application/pdf", await reportPdf(doc));
    },
  );
}
