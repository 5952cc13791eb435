/**
 * Makes a zip (an .xlsx) byte-identical across runs: the zip library stamps
 * every entry with the current time, so we overwrite the DOS date and time
 * of each local header and central-directory entry with a fixed moment.
 *
 * @example
 * const bytes = setZipTimestamps(await readFile(file), new Date(Date.UTC(2024, 11, 31)));
 */
import { findEndOfCentralDirectory } from '../zip-directory.ts';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;

/** Rewrites the timestamps in place and returns the same buffer. */
export function setZipTimestamps(zip: Buffer, when: Date): Buffer {
  const dosTime = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1);
  const dosDate = ((when.getUTCFullYear() - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  const end = findEndOfCentralDirectory(zip);
  if (end < 0) throw new Error('zip: no end-of-central-directory record');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error(`zip: no central directory entry at ${at}`);
    zip.writeUInt16LE(dosTime, at + 12);
    zip.writeUInt16LE(dosDate, at + 14);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== LOCAL_HEADER) throw new Error(`zip: no local header at ${local}`);
    zip.writeUInt16LE(dosTime, local + 10);
    zip.writeUInt16LE(dosDate, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}

