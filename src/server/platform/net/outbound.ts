import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { addressInList, addressList, isInternalAddress, parseAddressOrRange } from "./addresses";

/** Internal targets an administrator allowed for server-side requests: host names, addresses and CIDR ranges. */
export type OutboundAllowList = { hosts: Set<string>; ranges: ReturnType<typeof addressList> };

export function outboundAllowList(entries: string[] = []): OutboundAllowList {
  const ranges = entries.filter((e) => parseAddressOrRange(e));
  const hosts = entries.filter((e) => !parseAddressOrRange(e)).map((e) => e.toLowerCase());
  return { hosts: new Set(hosts), ranges: addressList(ranges) };
}

export class RefusedTargetError extends Error {
  constructor(readonly address: string) {
    super(`refused internal address ${address}`);
    this.name = "RefusedTargetError";
  }
}

function allowedAddress(allow: OutboundAllowList, address: string): boolean {
  return !isInternalAddress(address) || addressInList(allow.ranges, address);
}

/** Whether a URL's host may be contacted before any lookup: allowed by name, or a permitted IP literal. */
export function refusedLiteral(allow: OutboundAllowList, hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (allow.hosts.has(host)) return false;
  return isIP(host) !== 0 && !allowedAddress(allow, host);
}

/**
 * A DNS lookup for the socket itself: the addresses are checked when the connection is made, so a name that
 * resolves to a public address when saved and to an internal one when sent (DNS rebinding) is still refused.
 */
export function guardedLookup(allow: OutboundAllowList, hostname: string): LookupFunction {
  if (allow.hosts.has(hostname.toLowerCase())) return dnsLookup as unknown as LookupFunction;
  return ((host: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(host, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "");
      const refused = addresses.find((a) => !allowedAddress(allow, a.address));
      if (refused) return callback(new RefusedTargetError(refused.address), "");
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  }) as LookupFunction;
}
