import { BlockList, isIP } from "node:net";

/** One entry of an address list: a single IP address or a CIDR range such as `10.0.0.0/8` or `fd00::/8`. */
export function parseAddressOrRange(entry: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [address, prefixText, ...rest] = entry.trim().split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** A BlockList of addresses and ranges; IPv4 entries also match their IPv4-mapped IPv6 form (`::ffff:10.0.0.1`). */
export function addressList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseAddressOrRange(entry);
    if (!parsed) throw new Error(`not an IP address or CIDR range: ${entry}`);
    list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list;
}

/** Whether `address` (IPv4 or IPv6, IPv4-mapped included) is in `list`. */
export function addressInList(list: BlockList, address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return list.check(mapped[1], "ipv4");
  const version = isIP(address);
  return version !== 0 && list.check(address, version === 4 ? "ipv4" : "ipv6");
}

/**
 * Addresses a server-side request must not reach unless allowed explicitly: this host, link-local (cloud metadata
 * services among them), private, carrier-grade NAT, unique-local, multicast and unspecified ranges.
 */
const INTERNAL_RANGES = addressList([
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "224.0.0.0/3",
  "::/128",
  "::1/128",
  "::ffff:0:0/96",
  "64:ff9b:1::/48",
  "fc00::/7",
  "fe80::/10",
  "ff00::/8",
]);

export function isInternalAddress(address: string): boolean {
  return addressInList(INTERNAL_RANGES, address);
}
