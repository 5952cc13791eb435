/**
 * `carttrend_transform.Clients_Geo`: country, region and city of each
 * client's IP (report section 2.4.3), from an offline GeoLite2 database
 * instead of a rate-limited web API. Incremental: the table's own previous
 * version is the cache (see geo-cache.ts), so a rerun resolves only new
 * clients, changed IPs and lookups older than 7 days.
 *
 * Gate (error): coverage of valid public IPs at least 90% (see
 * geo-coverage.ts); below it the previous table stays published.
 *
 * @example
 * // npx trellis materialize --select '+carttrend_transform.Clients_Geo'
 * import { clientsGeo } from './carttrend/models/geo.ts';
 */
import { customCheck, defineAsset, type AssetContext, type ColumnSpec } from '../../../core/index.ts';
import { GEO_CACHE_MAX_AGE_MS, planGeoRefresh, type ClientIp, type GeoRow } from './geo-cache.ts';
import { describeGeo, GEO_COVERAGE_THRESHOLD, summarizeGeo } from './geo-coverage.ts';
import { GEO_DATABASE_PACKAGE } from './geo-ip.ts';
// Types only: the lookups run in a worker, so loading the project never loads maxmind.
import type { GeoResult } from './geo-lookup.ts';

const CLIENTS = 'carttrend_clean.Clients';
const KEY = 'carttrend_transform.Clients_Geo';

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'id_client', type: 'VARCHAR' },
  { name: 'adresse_ip', type: 'VARCHAR' },
  { name: 'pays', type: 'VARCHAR' },
  { name: 'region', type: 'VARCHAR' },
  { name: 'ville', type: 'VARCHAR' },
  { name: 'looked_up_at', type: 'TIMESTAMP' },
];

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The published Clients_Geo rows, or none on the first run (or when the old table cannot be read). */
async function previousRows(ctx: AssetContext): Promise<GeoRow[]> {
  if (!(await ctx.exists(KEY))) return [];
  try {
    const rows = await ctx.warehouse.query(
      `SELECT id_client, adresse_ip, pays, region, ville, looked_up_at FROM ${ctx.relation(KEY)}`);
    return rows.map((r) => ({ id_client: String(r.id_client), adresse_ip: text(r.adresse_ip), pays: text(r.pays),
      region: text(r.region), ville: text(r.ville), looked_up_at: String(r.looked_up_at) }));
  } catch (error) {
    // A table from an older layout: resolving everything again is always correct, only slower.
    ctx.log.warn(`cannot reuse the previous ${KEY} as a cache (${(error as Error).message.split('\n')[0]}); resolving every client`);
    return [];
  }
}

const coverageGate = customCheck('geolocation_coverage', async ({ warehouse, relation }) => {
  const summary = summarizeGeo(await warehouse.query(`SELECT adresse_ip, pays FROM ${relation}`));
  const passed = summary.coverage !== null && summary.coverage >= GEO_COVERAGE_THRESHOLD;
  return { passed, message: `${describeGeo(summary)}; threshold ${GEO_COVERAGE_THRESHOLD * 100}%`,
    metadata: { ...summary, threshold: GEO_COVERAGE_THRESHOLD } };
}, { description: `At least ${GEO_COVERAGE_THRESHOLD * 100}% of valid public IPs are placed in a country.` });

export const clientsGeo = defineAsset({
  key: KEY,
  deps: [CLIENTS],
  group: 'models',
  tags: { carttrend: '', enrichment: '', pii: '' },
  owners: ['data-engineering'],
  description: 'Country (ISO code), region and city of each client\'s IP, looked up offline in GeoLite2 ' +
    `(${GEO_DATABASE_PACKAGE} with maxmind). Each row keeps its lookup time; a rerun reuses rows whose IP is ` +
    'unchanged and lookup younger than 7 days. Invalid, missing and private IPs give nulls. Differs from the ' +
    'original: no web API and no pickle file; the cache is this table, refreshed per client.',
  columns: [
    { name: 'id_client', description: 'Client id (carttrend_clean.Clients).' },
    { name: 'adresse_ip', description: 'The IP looked up (staging nulls malformed ones).' },
    { name: 'pays', description: 'ISO 3166-1 alpha-2 country code; null when not located.' },
    { name: 'region', description: 'First-level subdivision, when the database knows it.' },
    { name: 'ville', description: 'City, when the database knows it.' },
    { name: 'looked_up_at', description: 'When this row was resolved (UTC); rows older than 7 days are resolved again.' },
  ],
  config: { cacheMaxAgeMs: GEO_CACHE_MAX_AGE_MS, coverageThreshold: GEO_COVERAGE_THRESHOLD },
  checks: [coverageGate],
  async materialize(ctx) {
    const clients: ClientIp[] = (await ctx.warehouse.query(
      `SELECT id_client, ip AS adresse_ip FROM ${ctx.relation(CLIENTS)} ORDER BY id_client`))
      .map((r) => ({ id_client: String(r.id_client), adresse_ip: text(r.adresse_ip) }));
    const now = new Date();
    const plan = planGeoRefresh(clients, await previousRows(ctx), now, GEO_CACHE_MAX_AGE_MS);
    const started = performance.now();
    const ips = plan.resolve.map((c) => c.adresse_ip);
    const places = ips.length === 0 ? []
      : await ctx.compute<typeof ips, GeoResult[]>(new URL('./geo-lookup.ts', import.meta.url), 'geolocate', ips);
    const resolveMs = performance.now() - started;
    const fresh: GeoRow[] = plan.resolve.map((c, i) => {
      const { pays, region, ville } = places[i]!;
      return { ...c, pays, region, ville, looked_up_at: now.toISOString() };
    });
    const rows = [...plan.reuse, ...fresh].sort((a, b) => (a.id_client < b.id_client ? -1 : a.id_client > b.id_client ? 1 : 0));
    await ctx.writeTable(COLUMNS, rows.map((r) => [r.id_client, r.adresse_ip, r.pays, r.region, r.ville, r.looked_up_at]));
    const summary = summarizeGeo(rows);
    ctx.log.info(`${plan.resolve.length} clients resolved in ${Math.round(resolveMs)} ms, ${plan.reuse.length} reused; ${describeGeo(summary)}`);
    ctx.addMetadata({
      clients: summary.clients,
      resolved_now: plan.resolve.length,
      reused_from_cache: plan.reuse.length,
      resolved_because: plan.reasons,
      invalid: summary.invalid,
      private: summary.private,
      not_found: summary.notFound,
      located: summary.located,
      coverage: summary.coverage === null ? null : Number(summary.coverage.toFixed(4)),
      resolve_ms: Math.round(resolveMs),
    });
  },
});
