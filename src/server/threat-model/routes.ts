import { z } from "zod";
import { ELEMENT_TYPES, STRIDE, threatModelSchema } from "../../core/threat-model";
import { loadControlLibrary } from "../compliance/library";
import { contentDisposition } from "../incidents/evidence";
import { unstorableTextPath } from "../platform/http/body-text";
import { badRequest } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { premarketRoutes } from "./package-routes";
import { threatModelReference } from "./reference-data";
import { inheritModel, modelReferences, modelView, parsedOrBadRequest, saveModel, sbomComponentChoices, storedModel, versionContext } from "./store";

const versionParams = z.object({ versionId: z.string().min(1).max(100) });
const MAX_IMPORT_CHARS = 900_000;

/** Threat models per software version: architecture, threats, controls with verification, acceptance, traceability. */
export async function threatModelRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["threat models"];
  const ref = await threatModelReference();
  const library = await loadControlLibrary(app.services.catalog);
  const refs = modelReferences(library, ref);
  const base = "/api/versions/:versionId/threat-model";

  app.get(
    "/api/threat-model/reference",
    { config: { access: "workspace:read" }, schema: { tags, summary: "Element types, STRIDE per element type, device security capabilities and the harmonised controls a threat model can name" } },
    async () => ({
      elementTypes: ELEMENT_TYPES,
      strideCategories: STRIDE,
      stride: ref.stride,
      strideSources: ref.strideSources,
      capabilities: ref.capabilities,
      harmonisedControls: library.controls.map((c) => ({ id: c.id, title: c.title })),
    }),
  );

  app.get(
    base,
    { config: { access: "workspace:read" }, schema: { tags, summary: "The version's threat model with its diff from the version it inherited from, suggested threats and the traceability matrix with gaps", params: versionParams } },
    async (request) => ({
      ...(await modelView(db(), ref, request.params.versionId)),
      components: await sbomComponentChoices(db(), request.params.versionId),
      capabilities: ref.capabilities.map((c) => ({ id: c.id, title: c.title })),
      harmonisedControls: library.controls.map((c) => ({ id: c.id, title: c.title })),
    }),
  );

  app.put(
    base,
    {
      config: { access: "devices:write" },
      schema: { tags, summary: "Replace the whole threat model; refused with every problem (unknown elements, targets, controls) when any reference does not resolve", params: versionParams, body: threatModelSchema },
    },
    async (request) => {
      const model = parsedOrBadRequest(request.body, refs, "body");
      await saveModel(db(), actorOf(request.principal!), request.params.versionId, model, app.services.now());
      return { ...(await modelView(db(), ref, request.params.versionId)), capabilities: ref.capabilities.map((c) => ({ id: c.id, title: c.title })) };
    },
  );

  app.get(
    `${base}/export`,
    { config: { access: "workspace:read" }, schema: { tags, summary: "The threat model as a JSON file (the format PUT and import take)", params: versionParams } },
    async (request, reply) => {
      const ctx = await versionContext(db(), request.params.versionId);
      const row = await storedModel(db(), ctx.version.id);
      const model = row ? threatModelSchema.parse(row.model) : threatModelSchema.parse({});
      const fileName = `threat-model-${ctx.model.modelNumber}-${ctx.version.version}.json`.replace(/[^A-Za-z0-9._-]+/g, "_");
      return reply.type("application/json").header("content-disposition", contentDisposition(fileName)).send(`${JSON.stringify(model, null, 2)}\n`);
    },
  );

  app.post(
    `${base}/import`,
    {
      config: { access: "devices:write" },
      schema: {
        tags,
        summary: "Import a threat model from a JSON file's text; the whole file is refused, naming the file and every path, when anything is wrong",
        params: versionParams,
        body: z.object({ fileName: z.string().min(1).max(200), content: z.string().max(MAX_IMPORT_CHARS) }).strict(),
      },
    },
    async (request) => {
      const { fileName, content } = request.body;
      let data: unknown;
      try {
        data = JSON.parse(content);
      } catch (err) {
        throw badRequest(`${fileName}: not valid JSON (${(err as Error).message})`, [{ path: fileName, message: "not valid JSON" }]);
      }
      const unstorable = unstorableTextPath(data, fileName);
      if (unstorable) throw badRequest(`${unstorable}: text may not contain NUL characters or unpaired surrogates`, [{ path: unstorable, message: "unstorable character" }]);
      const model = parsedOrBadRequest(data, refs, fileName);
      await saveModel(db(), actorOf(request.principal!), request.params.versionId, model, app.services.now());
      return modelView(db(), ref, request.params.versionId);
    },
  );

  app.post(
    `${base}/inherit`,
    {
      config: { access: "devices:write" },
      schema: {
        tags,
        summary: "Start the version's model as a copy of another version's of the same device model (its predecessor); the page then shows the diff. Refused when it closes a cycle.",
        params: versionParams,
        body: z.object({ fromVersionId: z.string().min(1).max(100), replace: z.boolean().default(false) }).strict(),
      },
    },
    async (request) => {
      await inheritModel(db(), actorOf(request.principal!), request.params.versionId, request.body.fromVersionId, request.body.replace, app.services.now());
      return modelView(db(), ref, request.params.versionId);
    },
  );

  await premarketRoutes(app, ref);
}
