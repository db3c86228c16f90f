import { crc32, inflateRawSync } from "node:zlib";

// A zip reader for feed archives such as osv.dev's all.zip (tens of thousands of small entries) and for uploaded
// archives and workbooks (bounded-inflate.ts). The central directory is read once into plain offsets; an entry is
// inflated only when asked for, by node's zlib, into at most the size the archive declares for it. (adm-zip built an
// object graph per entry: 2.3 s and 700 MB for 60,000.)

export interface ZipEntry {
  readonly name: string;
  readonly isDirectory: boolean;
  /** As the central directory declares it; `inflate` refuses an entry that turns out larger. */
  readonly size: number;
  readonly compressedSize: number;
  readonly method: number;
  readonly encrypted: boolean;
  readonly crc: number;
  readonly localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

export class ZipFormatError extends Error {}

function u64(buf: Buffer, at: number): number {
  const n = buf.readBigUInt64LE(at);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError("a zip64 size or offset is out of range");
  return Number(n);
}

function endOfCentralDirectory(buf: Buffer): { count: number; offset: number } {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let at = buf.length - 22; at >= stop; at--) {
    if (buf.readUInt32LE(at) !== EOCD) continue;
    let count = buf.readUInt16LE(at + 10);
    let offset = buf.readUInt32LE(at + 16);
    const locator = at - 20;
    if ((count === 0xffff || offset === MAX32) && locator >= 0 && buf.readUInt32LE(locator) === ZIP64_LOCATOR) {
      const z = u64(buf, locator + 8);
      if (z + 56 > buf.length || buf.readUInt32LE(z) !== ZIP64_EOCD) throw new ZipFormatError("broken zip64 end of central directory");
      count = u64(buf, z + 32);
      offset = u64(buf, z + 48);
    }
    return { count, offset };
  }
  throw new ZipFormatError("no end of central directory");
}

/** Sizes and offset that do not fit 32 bits are in the zip64 extra field, in this order, only where flagged. */
function zip64Extra(buf: Buffer, from: number, to: number, e: { size: number; compressedSize: number; localHeaderOffset: number }): void {
  for (let at = from; at + 4 <= to; ) {
    const id = buf.readUInt16LE(at);
    const len = buf.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      if (e.size === MAX32) {
        e.size = u64(buf, p);
        p += 8;
      }
      if (e.compressedSize === MAX32) {
        e.compressedSize = u64(buf, p);
        p += 8;
      }
      if (e.localHeaderOffset === MAX32) e.localHeaderOffset = u64(buf, p);
      return;
    }
    at += 4 + len;
  }
}

/** The entries of the archive in `buf`, from its central directory. Throws ZipFormatError when it is not a zip. */
export function zipEntries(buf: Buffer): ZipEntry[] {
  if (buf.length < 22) throw new ZipFormatError("too short");
  const { count, offset } = endOfCentralDirectory(buf);
  const out: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) throw new ZipFormatError(`central directory entry ${i} is broken`);
    const flags = buf.readUInt16LE(at + 8);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const nameEnd = at + 46 + nameLength;
    if (nameEnd + extraLength > buf.length) throw new ZipFormatError(`central directory entry ${i} is broken`);
    const name = buf.toString(flags & 0x800 ? "utf8" : "latin1", at + 46, nameEnd);
    const sizes = { size: buf.readUInt32LE(at + 24), compressedSize: buf.readUInt32LE(at + 20), localHeaderOffset: buf.readUInt32LE(at + 42) };
    zip64Extra(buf, nameEnd, nameEnd + extraLength, sizes);
    out.push({
      name,
      isDirectory: name.endsWith("/"),
      method: buf.readUInt16LE(at + 10),
      encrypted: (flags & 1) === 1,
      crc: buf.readUInt32LE(at + 16),
      ...sizes,
    });
    at = nameEnd + extraLength + commentLength;
  }
  return out;
}

/** The content of `entry`, inflated into at most its declared size and checked against its CRC. Throws with the reason. */
export function inflateEntry(buf: Buffer, entry: ZipEntry): Buffer {
  if (entry.encrypted) throw new Error("encrypted entries are not supported");
  const at = entry.localHeaderOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL) throw new Error("broken local header");
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  if (start + entry.compressedSize > buf.length) throw new Error("entry data runs past the end of the archive");
  const raw = buf.subarray(start, start + entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) data = entry.size === 0 ? Buffer.alloc(0) : inflateRawSync(raw, { maxOutputLength: entry.size });
  else throw new Error(`unsupported compression method ${entry.method}`);
  if (data.length !== entry.size) throw new Error(`${data.length} bytes where the archive declares ${entry.size}`);
  if (crc32(data) >>> 0 !== entry.crc) throw new Error("CRC mismatch");
  return data;
}
