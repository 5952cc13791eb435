/**
 * How well a Clients_Geo table covers its clients, recomputed from the rows
 * themselves (so the gate reads the same figures during a run and under
 * `trellis check`). Coverage is the share of valid public IPs placed in a
 * country; invalid and private addresses cannot be placed and are counted
 * apart rather than held against the database.
 *
 * Threshold: GeoLite2 places well over 99% of allocated public IPv4 space in
 * a country, and about 98.6% of the demo data's addresses (drawn uniformly
 * from 1-223.x.x.x, unallocated blocks included). Below 90%, the database
 * is wrong or truncated, or the addresses are not what they claim to be
 * (shifted columns, anonymised or garbled values): not worth publishing.
 *
 * @example
 * const s = summarizeGeo(rows);
 * s.coverage // 0.986 (null when no client has a public IP)
 */
import { classifyIp } from './geo-ip.ts';

export const GEO_COVERAGE_THRESHOLD = 0.9;

export interface GeoSummary {
  readonly clients: number;
  readonly invalid: number;
  readonly private: number;
  readonly public: number;
  readonly located: number;
  readonly notFound: number;
  /** located / public, or null when there is no public IP at all. */
  readonly coverage: number | null;
}

export function summarizeGeo(rows: readonly { readonly adresse_ip?: unknown; readonly pays?: unknown }[]): GeoSummary {
  let invalid = 0;
  let privateIps = 0;
  let located = 0;
  let notFound = 0;
  for (const row of rows) {
    const kind = classifyIp(typeof row.adresse_ip === 'string' ? row.adresse_ip : null).kind;
    if (kind === 'invalid') invalid++;
    else if (kind === 'private') privateIps++;
    else if (row.pays === null || row.pays === undefined) notFound++;
    else located++;
  }
  const publicIps = located + notFound;
  return { clients: rows.length, invalid, private: privateIps, public: publicIps, located, notFound,
    coverage: publicIps ? located / publicIps : null };
}

/** One line with every figure, for check messages and logs. */
export function describeGeo(s: GeoSummary): string {
  const share = s.coverage === null ? 'n/a' : `${(s.coverage * 100).toFixed(1)}%`;
  return `coverage ${share}: ${s.located} of ${s.public} public IPs located (${s.notFound} not found); ` +
    `${s.clients} clients, ${s.private} private or reserved, ${s.invalid} invalid or missing`;
}
