/** CycloneDX versions this core reads. JSON exists from 1.2 on; XML 1.1 documents are read too. */
export const SUPPORTED_CYCLONEDX_JSON_VERSIONS = ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"] as const;
export const SUPPORTED_CYCLONEDX_XML_VERSIONS = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"] as const;
export const SUPPORTED_SPDX_VERSIONS = ["SPDX-2.2", "SPDX-2.3"] as const;

export function unsupportedCycloneDxMessage(found: string, supported: readonly string[]): string {
  return `CycloneDX specVersion "${found}" is not supported; supported versions are ${supported.join(", ")}`;
}
