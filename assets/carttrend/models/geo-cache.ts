/**
 * Which clients to geolocate again. The previously published Clients_Geo
 * table is the cache (the original pickled a DataFrame and trusted the file's
 * age as a whole; the report itself suggested this per-row form): a client's
 * row is reused when its IP is unchanged and it was looked up less than
 * `maxAgeMs` before `now`; new clients, changed IPs and older lookups are
 * resolved again.
 *
 * @example
 * const plan = planGeoRefresh(clients, cachedRows, new Date(), GEO_CACHE_MAX_AGE_MS);
 * plan.resolve.length // clients to look up now
 */

export const GEO_CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export interface ClientIp {
  readonly id_client: string;
  readonly adresse_ip: string | null;
}

/** One row of Clients_Geo. `looked_up_at` is an ISO timestamp. */
export interface GeoRow extends ClientIp {
  readonly pays: string | null;
  readonly region: string | null;
  readonly ville: string | null;
  readonly looked_up_at: string;
}

export interface GeoRefreshPlan {
  readonly reuse: readonly GeoRow[];
  readonly resolve: readonly ClientIp[];
  /** Of `resolve`: how many had no cached row, a changed IP, or a lookup too old. */
  readonly reasons: { readonly new: number; readonly ipChanged: number; readonly expired: number };
}

export function planGeoRefresh(clients: readonly ClientIp[], cache: readonly GeoRow[], now: Date, maxAgeMs: number): GeoRefreshPlan {
  const cached = new Map(cache.map((row) => [row.id_client, row]));
  const reuse: GeoRow[] = [];
  const resolve: ClientIp[] = [];
  const reasons = { new: 0, ipChanged: 0, expired: 0 };
  for (const client of clients) {
    const row = cached.get(client.id_client);
    if (!row) reasons.new++;
    else if (row.adresse_ip !== client.adresse_ip) reasons.ipChanged++;
    else if (!(now.getTime() - Date.parse(row.looked_up_at) < maxAgeMs)) reasons.expired++;
    else {
      reuse.push(row);
      continue;
    }
    resolve.push(client);
  }
  return { reuse, resolve, reasons };
}
