import { z } from "zod";

/*
 * The parts of the SPDX 2.3 JSON schema (spdx-2.3-schema.json) that this core reads, with the
 * schema's required fields and enumerations. Objects are loose: other SPDX properties pass through.
 * SPDX 2.2 documents have the same shape for these parts.
 */

const nonEmpty = z.string().min(1, "must not be empty");

const checksum = z.looseObject({
  algorithm: z.enum([
    "SHA1", "BLAKE3", "SHA3-384", "SHA256", "SHA384", "BLAKE2b-512", "BLAKE2b-256", "SHA3-512", "MD2", "ADLER32",
    "MD4", "SHA3-256", "BLAKE2b-384", "SHA512", "MD6", "MD5", "SHA224",
  ]),
  checksumValue: nonEmpty,
});

const externalRef = z.looseObject({
  referenceCategory: z.enum(["OTHER", "PERSISTENT-ID", "PERSISTENT_ID", "SECURITY", "PACKAGE-MANAGER", "PACKAGE_MANAGER"]),
  referenceType: nonEmpty,
  referenceLocator: nonEmpty,
  comment: z.string().optional(),
});

export const SPDX_PACKAGE_PURPOSES = [
  "OTHER", "INSTALL", "ARCHIVE", "FIRMWARE", "APPLICATION", "FRAMEWORK", "LIBRARY", "CONTAINER", "SOURCE", "DEVICE",
  "OPERATING_SYSTEM", "FILE",
] as const;

const spdxPackage = z.looseObject({
  SPDXID: nonEmpty,
  name: nonEmpty,
  // Required by the schema, but commonly omitted by generators (Trivy): checked as a warning instead.
  downloadLocation: z.string().optional(),
  versionInfo: z.string().optional(),
  supplier: z.string().optional(),
  originator: z.string().optional(),
  checksums: z.array(checksum).optional(),
  licenseConcluded: z.string().optional(),
  licenseDeclared: z.string().optional(),
  description: z.string().optional(),
  summary: z.string().optional(),
  primaryPackagePurpose: z.enum(SPDX_PACKAGE_PURPOSES).optional(),
  externalRefs: z.array(externalRef).optional(),
  filesAnalyzed: z.boolean().optional(),
  validUntilDate: z.string().optional(),
});

export const SPDX_RELATIONSHIP_TYPES = [
  "VARIANT_OF", "COPY_OF", "PATCH_FOR", "TEST_DEPENDENCY_OF", "CONTAINED_BY", "DATA_FILE_OF", "OPTIONAL_COMPONENT_OF",
  "ANCESTOR_OF", "GENERATES", "CONTAINS", "OPTIONAL_DEPENDENCY_OF", "FILE_ADDED", "REQUIREMENT_DESCRIPTION_FOR",
  "DEV_DEPENDENCY_OF", "DEPENDENCY_OF", "BUILD_DEPENDENCY_OF", "DESCRIBES", "PREREQUISITE_FOR", "HAS_PREREQUISITE",
  "PROVIDED_DEPENDENCY_OF", "DYNAMIC_LINK", "DESCRIBED_BY", "METAFILE_OF", "DEPENDENCY_MANIFEST_OF", "PATCH_APPLIED",
  "RUNTIME_DEPENDENCY_OF", "TEST_OF", "TEST_TOOL_OF", "DEPENDS_ON", "SPECIFICATION_FOR", "FILE_MODIFIED",
  "DISTRIBUTION_ARTIFACT", "AMENDS", "DOCUMENTATION_OF", "GENERATED_FROM", "STATIC_LINK", "OTHER", "BUILD_TOOL_OF",
  "TEST_CASE_OF", "PACKAGE_OF", "DESCENDANT_OF", "FILE_DELETED", "EXPANDED_FROM_ARCHIVE", "DEV_TOOL_OF", "EXAMPLE_OF",
] as const;

const relationship = z.looseObject({
  spdxElementId: nonEmpty,
  relationshipType: z.enum(SPDX_RELATIONSHIP_TYPES),
  relatedSpdxElement: nonEmpty,
});

const withId = z.looseObject({ SPDXID: nonEmpty });

export const spdxDocumentSchema = z.looseObject({
  spdxVersion: nonEmpty,
  SPDXID: nonEmpty,
  dataLicense: nonEmpty,
  name: nonEmpty,
  documentNamespace: nonEmpty,
  creationInfo: z.looseObject({
    created: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, "must be a UTC timestamp like 2023-01-31T12:00:00Z"),
    creators: z.array(nonEmpty).min(1, "must name at least one creator"),
  }),
  documentDescribes: z.array(nonEmpty).optional(),
  packages: z.array(spdxPackage).optional(),
  files: z.array(withId).optional(),
  snippets: z.array(withId).optional(),
  relationships: z.array(relationship).optional(),
  externalDocumentRefs: z.array(z.looseObject({ externalDocumentId: nonEmpty })).optional(),
});

export type SpdxDocument = z.infer<typeof spdxDocumentSchema>;
export type SpdxPackage = z.infer<typeof spdxPackage>;
