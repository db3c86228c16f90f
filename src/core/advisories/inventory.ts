import type { AdvisoryInput } from "./advisory-model";

/** A device model version of the inventory that an advisory names. */
export interface InventoryProduct {
  productId: string;
  vendor: string;
  family?: string | null;
  product: string;
  version: string;
  modelNumber: string;
  purl?: string | null;
  cpe?: string | null;
}

/** Stable CSAF product id of a model version, e.g. `IS-300-3.1.0`. */
export function inventoryProductId(modelNumber: string, version: string): string {
  return `${modelNumber}-${version}`.replace(/[^A-Za-z0-9._:-]+/g, "_");
}

/** Default purl for a device model version of a vendor (generic type, vendor as namespace). */
export function defaultPurl(vendor: string, modelNumber: string, version: string): string {
  const seg = (s: string) => encodeURIComponent(s.toLowerCase().replace(/\s+/g, "-"));
  return `pkg:generic/${seg(vendor)}/${seg(modelNumber)}@${encodeURIComponent(version)}`;
}

/** Default CPE 2.3 of a device model version (part "h" for hardware devices). */
export function defaultCpe(vendor: string, modelNumber: string, version: string): string {
  const esc = (s: string) => s.toLowerCase().replace(/\s+/g, "_").replace(/([^a-z0-9._\-~])/g, "\\$1");
  return `cpe:2.3:h:${esc(vendor)}:${esc(modelNumber)}:${esc(version)}:*:*:*:*:*:*:*`;
}

/**
 * The advisory's product tree from inventory rows: vendor → product family → product → version.
 * Rows keep their order; versions of one product are grouped under it.
 */
export function productsFromInventory(rows: InventoryProduct[]): AdvisoryInput["products"] {
  const vendors = new Map<string, { families: Map<string, Map<string, InventoryProduct[]>>; products: Map<string, InventoryProduct[]> }>();
  for (const row of rows) {
    let vendor = vendors.get(row.vendor);
    if (!vendor) {
      vendor = { families: new Map(), products: new Map() };
      vendors.set(row.vendor, vendor);
    }
    let group = vendor.products;
    if (row.family) {
      group = vendor.families.get(row.family) ?? new Map();
      vendor.families.set(row.family, group);
    }
    group.set(row.product, [...(group.get(row.product) ?? []), row]);
  }
  const product = (name: string, versions: InventoryProduct[]) => ({
    name,
    kind: "device" as const,
    versions: versions.map((v) => ({
      version: v.version,
      productId: v.productId,
      modelNumbers: [v.modelNumber],
      ...(v.purl ? { purl: v.purl } : {}),
      ...(v.cpe ? { cpe: v.cpe } : {}),
    })),
  });
  return {
    vendors: [...vendors.entries()].map(([name, v]) => ({
      name,
      families: [...v.families.entries()].map(([family, products]) => ({
        name: family,
        products: [...products.entries()].map(([p, versions]) => product(p, versions)),
      })),
      products: [...v.products.entries()].map(([p, versions]) => product(p, versions)),
    })),
  };
}

/** Next semantic version: minor for a new revision, major when the change is substantial. */
export function nextRevision(current: string | null, bump: "major" | "minor" | "patch"): string {
  if (!current) return "1.0.0";
  const [major, minor, patch] = current.split(/[.+-]/).map(Number);
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}
