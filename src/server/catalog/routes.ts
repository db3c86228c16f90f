import { z } from "zod";
import { ancestorsOf, type CatalogItem, mappingsOf } from "../../core/catalog";
import { notFound } from "../platform/http/errors";
import type { VigilApp } from "../platform/http/types";

const itemSummary = z.object({
  id: z.string(),
  framework: z.string(),
  kind: z.string(),
  title: z.string(),
  parent: z.string().nullable(),
  confidence: z.string(),
  source: z.object({ document: z.string(), ref: z.string(), url: z.string().optional() }),
});

function summary(item: CatalogItem) {
  return {
    id: item.id,
    framework: item.framework,
    kind: item.kind,
    title: item.title,
    parent: item.parent ?? null,
    confidence: item.confidence,
    source: item.source,
  };
}

export async function catalogRoutes(app: VigilApp) {
  const catalog = () => app.services.catalog;

  app.get(
    "/api/catalog/frameworks",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["catalog"],
        summary: "Frameworks of the regulatory catalog with their item counts",
        response: {
          200: z.object({
            version: z.string(),
            lastReviewed: z.string(),
            frameworks: z.array(
              z.object({ id: z.string(), name: z.string(), document: z.string(), licence: z.string(), items: z.number(), version: z.number(), lastReviewed: z.string(), idsAndTitlesOnly: z.boolean() }),
            ),
          }),
        },
      },
    },
    async () => ({
      version: catalog().version,
      lastReviewed: catalog().lastReviewed,
      frameworks: [...catalog().frameworks.values()].map((f) => ({
        id: f.id,
        name: f.name,
        document: f.document,
        licence: f.licence,
        items: catalog().itemsByFramework.get(f.id)?.length ?? 0,
        version: f.version,
        lastReviewed: f.lastReviewed,
        idsAndTitlesOnly: f.reuse === "ids-and-titles-only",
      })),
    }),
  );

  app.get(
    "/api/catalog/items",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["catalog"],
        summary: "Search catalog items (by framework, text in ID, title or summary, confidence)",
        querystring: z.object({
          framework: z.string().max(100).optional(),
          q: z.string().max(200).optional(),
          confidence: z.string().max(20).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ total: z.number(), items: z.array(itemSummary.extend({ mappings: z.number() })) }) },
      },
    },
    async (request) => {
      const { framework, q, confidence, limit, offset } = request.query;
      const pool = framework ? (catalog().itemsByFramework.get(framework) ?? []) : [...catalog().items.values()];
      const needle = q?.trim().toLowerCase();
      const hits = pool.filter(
        (i) =>
          (!confidence || i.confidence === confidence) &&
          (!needle || `${i.id} ${i.title} ${i.summary ?? ""} ${i.source.ref}`.toLowerCase().includes(needle)),
      );
      return {
        total: hits.length,
        items: hits.slice(offset, offset + limit).map((i) => ({ ...summary(i), mappings: mappingsOf(catalog(), i.id).length })),
      };
    },
  );

  app.get(
    "/api/catalog/items/:id",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["catalog"],
        summary: "One catalog item with its ancestors, children and mappings in both directions",
        params: z.object({ id: z.string().min(1).max(200) }),
        response: {
          200: itemSummary.extend({
            summary: z.string().nullable(),
            text: z.string().nullable(),
            note: z.string().nullable(),
            lastReviewed: z.string(),
            deadline: z.unknown(),
            ancestors: z.array(itemSummary),
            children: z.array(itemSummary),
            mappings: z.array(
              z.object({
                direction: z.enum(["from", "to"]),
                other: itemSummary,
                relationship: z.string(),
                strength: z.string().nullable(),
                source: z.string(),
                confidence: z.string(),
                note: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const item = catalog().items.get(request.params.id);
      if (!item) throw notFound(`Catalog item ${request.params.id}`);
      return {
        ...summary(item),
        summary: item.summary ?? null,
        text: item.text ?? null,
        note: item.note ?? null,
        lastReviewed: item.lastReviewed,
        deadline: item.deadline ?? null,
        ancestors: ancestorsOf(catalog(), item.id).map(summary),
        children: (catalog().children.get(item.id) ?? []).map(summary),
        mappings: mappingsOf(catalog(), item.id).flatMap(({ mapping, other, direction }) => {
          const o = catalog().items.get(other);
          return o
            ? [{ direction, other: summary(o), relationship: mapping.relationship, strength: mapping.strength ?? null, source: mapping.source, confidence: mapping.confidence, note: mapping.note ?? null }]
            : [];
        }),
      };
    },
  );

  app.get(
    "/api/catalog/member-states",
    {
      config: { access: "workspace:read" },
      schema: { tags: ["catalog"], summary: "National NIS2 transposition records (authority, CSIRT, portal, deviations, confidence)" },
    },
    async () => [...catalog().memberStates.values()].sort((a, b) => a.country.localeCompare(b.country)),
  );
}
