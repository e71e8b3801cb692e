import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';

/** One file of a zip archive: its name, its unix mode when the archive kept one, and its bytes. */
export interface ZipEntry {
  name: string;
  mode?: number;
  data: Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * The files of a zip, one at a time (stored or deflated, no zip64: Go module zips stay far below its limits). Node has no zip
 * reader and a stock machine may have no `unzip`, so the stack reads the Go toolchain's module zip itself.
 */
export function* readZip(zip: Buffer): Generator<ZipEntry> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end--;
  if (end < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error('zip64 archives are not supported');
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error(`zip central directory is damaged at entry ${i}`);
    const madeBy = zip.readUInt16LE(at + 4) >> 8;
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const external = zip.readUInt32LE(at + 38);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    if (zip.readUInt32LE(local) !== LOCAL_HEADER) throw new Error(`zip entry ${name} has no local header`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressedSize);
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw) : undefined;
    if (!data) throw new Error(`zip entry ${name} uses compression method ${method}`);
    if (data.length !== size) throw new Error(`zip entry ${name} inflates to ${data.length} bytes, not ${size}`);
    const unixMode = madeBy === 3 ? (external >>> 16) & 0o7777 : 0;
    yield { name, mode: unixMode || undefined, data };
  }
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Go's `h1:` module hash (golang.org/x/mod/sumdb/dirhash.Hash1), the one go.sum and sum.golang.org record: the
 * SHA-256 of the lines "<hex sha256 of the file>  <name>\n" over the files sorted by name, in base64.
 */
export function goModuleHash(files: { name: string; sha256: string }[]): string {
  const summary = createHash('sha256');
  for (const file of [...files].sort((a, b) => byteOrder(a.name, b.name))) {
    if (file.name.includes('\n')) throw new Error(`file name with a newline: ${JSON.stringify(file.name)}`);
    summary.update(`${file.sha256}  ${file.name}\n`);
  }
  return `h1:${summary.digest('base64')}`;
}

export const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The h1 hash a sum.golang.org lookup gives for `module@version` (the line without `/go.mod`). */
export function sumdbHashOf(lookup: string, module: string, version: string): string | undefined {
  const line = lookup.split('\n').find((l) => l.startsWith(`${module} ${version} `));
  return line?.split(' ')[2];
}
