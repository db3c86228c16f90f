import type { ThreatModel } from "./types";

/** A component of a version's SBOM (or of a finding) as a software item can name it: by name, by purl, or by purl without version. */
export type ComponentRef = { name: string; purl: string | null };

/** Whether a software item's attached component key (a name or a purl, as stored on the element) names this component. */
export function namesComponent(key: string, c: ComponentRef): boolean {
  const k = key.toLowerCase();
  if (c.name.toLowerCase() === k) return true;
  if (!c.purl) return false;
  const purl = c.purl.toLowerCase();
  return purl === k || purl.split("@")[0] === k;
}

export type StaleComponent = { elementId: string; element: string; component: string; message: string };

/**
 * Components attached to software items that the version's current SBOM no longer contains. `current` is null when
 * the version has no current SBOM: then nothing attached can be shown as present.
 */
export function staleComponents(model: ThreatModel, current: ReadonlyArray<ComponentRef> | null): StaleComponent[] {
  const out: StaleComponent[] = [];
  for (const e of model.elements) {
    for (const component of e.components) {
      if (current?.some((c) => namesComponent(component, c))) continue;
      const where = current ? "is not in the version's current SBOM" : "cannot be checked: the version has no current SBOM";
      out.push({ elementId: e.id, element: e.name, component, message: `${e.name} (${e.id}): component "${component}" ${where}` });
    }
  }
  return out;
}
