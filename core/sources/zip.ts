/**
 * The entries of a zip file (an .xlsx is one), read from its central
 * directory, each one's content inflated with node:zlib as a stream and its
 * checksum verified at the end. A truncated or damaged file is reported in
 * words (`reason`), never left to hang or to yield partial data silently.
 *
 * @example
 * const zip = await openZip('book.xlsx');
 * for await (const chunk of zip.stream('xl/worksheets/sheet1.xml')) ...
 * await zip.text('xl/workbook.xml');
 */
import { readFile } from 'node:fs/promises';
import zlib from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65,535 bytes. */
const MAX_END_RECORD = 22 + 0xffff;

/** Why a zip cannot be read; `reason` is a phrase ("the file is empty"). */
export class ZipProblem extends Error {
  override name = 'ZipProblem';
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(reason, options);
  }
}

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly central: number;
}

export interface Zip {
  /** Entry names as stored (`xl/workbook.xml`). */
  readonly names: readonly string[];
  has(name: string): boolean;
  /** The entry's uncompressed bytes, chunk by chunk; throws ZipProblem when damaged. */
  stream(name: string): AsyncGenerator<Buffer>;
  /** The whole entry as UTF-8 text. */
  text(name: string): Promise<string>;
}

/** Offset of the end-of-central-directory record in `zip`, or -1. */
export function findEndOfCentralDirectory(zip: Buffer): number {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - MAX_END_RECORD); at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  return -1;
}

/** Reads `file` and its zip directory; throws ZipProblem when the directory is missing or damaged. */
export async function openZip(file: string): Promise<Zip> {
  return zipOf(await readFile(file));
}

export function zipOf(zip: Buffer): Zip {
  const entries = directory(zip);
  // Names are matched exactly, else ignoring case (some tools write `xl/SharedStrings.xml`).
  const lookup = (name: string): Entry | undefined =>
    entries.get(name) ?? [...entries.values()].find((e) => e.name.toLowerCase() === name.toLowerCase());
  const stream = (name: string): AsyncGenerator<Buffer> => {
    const entry = lookup(name);
    if (!entry) throw new ZipProblem(`it has no entry "${name}"`);
    return inflate(zip, entry);
  };
  return {
    names: [...entries.keys()],
    has: (name) => lookup(name) !== undefined,
    stream,
    async text(name) {
      const entry = lookup(name);
      if (!entry) throw new ZipProblem(`it has no entry "${name}"`);
      return whole(zip, entry).toString('utf8');
    },
  };
}

function directory(zip: Buffer): Map<string, Entry> {
  if (zip.length === 0) throw new ZipProblem('the file is empty');
  const end = findEndOfCentralDirectory(zip);
  if (end < 0) throw new ZipProblem('no zip directory at the end: the file is truncated or is not an .xlsx');
  const count = zip.readUInt16LE(end + 10);
  const size = zip.readUInt32LE(end + 12);
  let at = zip.readUInt32LE(end + 16);
  if (at === 0xffffffff) throw new ZipProblem('it is a zip64 archive (over 4 GB), which is not supported');
  if (at + size > end) throw new ZipProblem('the zip directory points past the end of the file: the file is truncated');
  const entries = new Map<string, Entry>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL_HEADER) {
      throw new ZipProblem(`the zip directory is damaged (entry ${i + 1} of ${count})`);
    }
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, {
      name,
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressedSize: zip.readUInt32LE(at + 20),
      central: at,
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** The entry's compressed bytes, after checking its local header agrees with the directory. */
function compressed(zip: Buffer, entry: Entry): Buffer {
  const local = zip.readUInt32LE(entry.central + 42);
  const damaged = (what: string) => new ZipProblem(`the zip entry ${JSON.stringify(entry.name)} ${what}`);
  if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL_HEADER) throw damaged('has no local header');
  const nameLength = zip.readUInt16LE(local + 26);
  if (zip.toString('utf8', local + 30, local + 30 + nameLength) !== entry.name) throw damaged('has a damaged local header');
  const start = local + 30 + nameLength + zip.readUInt16LE(local + 28);
  if (start + entry.compressedSize > zip.length) throw damaged('runs past the end of the file');
  return zip.subarray(start, start + entry.compressedSize);
}

function damaged(entry: Entry, what: string, cause?: unknown): ZipProblem {
  return new ZipProblem(`the zip entry ${JSON.stringify(entry.name)} is damaged (${what})`, { cause });
}

function unsupported(entry: Entry): ZipProblem {
  return new ZipProblem(`the zip entry ${JSON.stringify(entry.name)} uses compression method ${entry.method}, ` +
    'which is not supported (only stored and deflated)');
}

/** The entry's content in one buffer, inflated at once: for the small parts and the shared strings, read whole anyway. */
function whole(zip: Buffer, entry: Entry): Buffer {
  const data = compressed(zip, entry);
  if (entry.method !== 0 && entry.method !== 8) throw unsupported(entry);
  let content: Buffer;
  try {
    content = entry.method === 0 ? data : zlib.inflateRawSync(data);
  } catch (error) {
    throw damaged(entry, (error as Error).message, error);
  }
  if ((zlib.crc32(content) >>> 0) !== entry.crc) throw damaged(entry, 'checksum mismatch');
  return content;
}

async function* inflate(zip: Buffer, entry: Entry): AsyncGenerator<Buffer> {
  const data = compressed(zip, entry);
  let crc = 0;
  if (entry.method === 0) {
    crc = zlib.crc32(data);
    yield data;
  } else if (entry.method === 8) {
    // zlib inflates the buffer as its output is read, so a large sheet is
    // parsed while it is inflated, never held whole.
    const inflater = zlib.createInflateRaw({ chunkSize: 256 * 1024 });
    inflater.end(data);
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        crc = zlib.crc32(chunk, crc);
        yield chunk;
      }
    } catch (error) {
      throw damaged(entry, (error as Error).message, error);
    } finally {
      inflater.destroy();
    }
  } else {
    throw unsupported(entry);
  }
  if ((crc >>> 0) !== entry.crc) throw damaged(entry, 'checksum mismatch');
}
