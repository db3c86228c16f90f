import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CycloneDxValidate } from "../../core/sbom";

/**
 * The CycloneDX JSON schemas compiled once into standalone ajv code, kept by the hash of the schemas' text: ajv
 * compiled the schema at every start of `vigil scan` (0.4 s of CPU). The validator is built exactly as
 * @cyclonedx/cyclonedx-library builds its strict one (same ajv, options, referenced schemas and formats), so its
 * errors are the same.
 */
const cacheDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../dist/cache/cyclonedx-validators");
const FORMAT = "1";
const FORMATS_MODULE = "vigil:cyclonedx-formats";

const library = createRequire(createRequire(import.meta.url).resolve("@cyclonedx/cyclonedx-library"));
const schemaRoot = path.resolve(path.dirname(library.resolve("@cyclonedx/cyclonedx-library")), "../res/schema");
const REFERENCED: Record<string, string> = {
  "http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json": "spdx.SNAPSHOT.schema.json",
  "http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json": "cryptography-defs.SNAPSHOT.schema.json",
  "http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json": "jsf-0.82.SNAPSHOT.schema.json",
};
/** The library's strict schema files; 1.2 and 1.3 have separate strict variants. */
const strictSchemaFile = (specVersion: string) =>
  specVersion === "1.2" || specVersion === "1.3" ? `bom-${specVersion}-strict.SNAPSHOT.schema.json` : `bom-${specVersion}.SNAPSHOT.schema.json`;

/** The formats the library installs: ajv-formats' full set, idn-email from draft 2019, iri-reference unchecked. */
function formats(): Record<string, unknown> {
  const draft2019 = library("ajv-formats-draft2019/formats") as Record<string, unknown>;
  return { ...(library("ajv-formats/dist/formats").fullFormats as Record<string, unknown>), "idn-email": draft2019["idn-email"], "iri-reference": true };
}

function compileStandalone(schema: unknown, referenced: Record<string, unknown>): string {
  const Ajv = library("ajv").default;
  const { _ } = library("ajv");
  const standaloneCode = library("ajv/dist/standalone").default;
  const ajv = new Ajv({
    useDefaults: false,
    strict: false,
    strictSchema: false,
    addUsedSchema: false,
    schemas: referenced,
    code: { source: true, formats: _`require(${FORMATS_MODULE})` },
    loadSchema: (uri: string) => {
      throw new Error(`Remote schemas are disabled: ${uri}`);
    },
  });
  for (const [name, format] of Object.entries(formats())) ajv.addFormat(name, format);
  return standaloneCode(ajv, ajv.compile(schema)) as string;
}

function load(code: string): CycloneDxValidate {
  const formatsModule = formats();
  const requireFor = (id: string) => (id === FORMATS_MODULE ? formatsModule : library(id));
  const module = { exports: {} as { default?: unknown } };
  new Function("require", "module", "exports", code)(requireFor, module, module.exports);
  const validate = module.exports.default as ((doc: unknown) => boolean) & { errors?: unknown[] | null };
  return (doc) => (validate(doc) ? null : ((validate.errors ?? []) as ReturnType<CycloneDxValidate> & object));
}

/** The strict validator of `specVersion`, from the cache when these schemas were compiled before. */
export function cachedCycloneDxValidator(specVersion: string): CycloneDxValidate {
  const schemaText = readFileSync(path.join(schemaRoot, strictSchemaFile(specVersion)), "utf8");
  const referencedText = Object.entries(REFERENCED).map(([uri, file]) => [uri, readFileSync(path.join(schemaRoot, file), "utf8")] as const);
  const hash = createHash("sha256").update(FORMAT).update(library("ajv/package.json").version);
  for (const text of [schemaText, ...referencedText.map(([, t]) => t)]) hash.update(`${text.length}:`).update(text);
  const file = path.join(cacheDir, `${hash.digest("hex")}.js`);
  try {
    return load(readFileSync(file, "utf8"));
  } catch {
    // not cached yet, or unreadable: compile below
  }
  const code = compileStandalone(JSON.parse(schemaText), Object.fromEntries(referencedText.map(([uri, t]) => [uri, JSON.parse(t)])));
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, code);
    renameSync(temporary, file);
  } catch {
    // a read-only installation compiles at every start
  }
  return load(code);
}
