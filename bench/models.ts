/**
 * Model fit times on the scale-1 marts, timed on the pure functions the
 * assets run in their worker (so the figures are the fits, not the worker's
 * start or the warehouse reads). Prophet's WebAssembly is compiled by V8 on
 * first use, so the forecast is timed warm (median of 3 after one fit) and
 * its first, cold fit is recorded beside it.
 */
import { dialects, openDuckDb, parseKey, type Row } from '../core/index.ts';
import { fitForecast } from '../assets/carttrend/models/forecast-fit.ts';
import { dailySeriesFromRows, minimumHistoryDays } from '../assets/carttrend/models/forecast-input.ts';
import { FORECAST_OPTIONS } from '../assets/carttrend/models/forecast.ts';
import { mineAssociations } from '../assets/carttrend/models/apriori-mine.ts';
import { basketsFromRows } from '../assets/carttrend/models/apriori-display.ts';
import { MINING } from '../assets/carttrend/models/apriori.ts';
import { fitUptimeModels } from '../assets/carttrend/models/uptime-fit.ts';
import { geolocate } from '../assets/carttrend/models/geo-lookup.ts';

const REVENUE = 'carttrend_clean.mart_Prevision_Series_Temporelles_CA';
const BASKETS = 'carttrend_clean.mart_Apriori_Combinaisons_Produits';

export interface ModelFigures {
  readonly forecastFitMs: number;
  readonly forecastFitColdMs: number;
  readonly aprioriMs: number;
  readonly xgboostFitMs: number;
  readonly geolocClientsPerS: number;
  readonly sizes: { readonly days: number; readonly baskets: number; readonly machineMonths: number; readonly clients: number };
}

async function time<T>(work: () => T | Promise<T>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

async function medianOf3(work: () => unknown): Promise<number> {
  const runs = [await time(work), await time(work), await time(work)];
  return runs.sort((a, b) => a - b)[1]!;
}

/** Reads the marts of a materialized Carttrend warehouse and times each model's fit on them. */
export async function measureModels(warehouseFile: string): Promise<ModelFigures> {
  const warehouse = await openDuckDb(warehouseFile);
  const read = async (key: string): Promise<Row[]> => {
    const session = await warehouse.session();
    try {
      const { schema, name } = parseKey(key);
      return await session.query(`SELECT * FROM ${dialects.duckdb.relation(schema, name)}`);
    } finally {
      await session.close();
    }
  };
  let revenue: Row[], baskets: Row[], machines: Row[], clients: Row[];
  try {
    revenue = await read(REVENUE);
    baskets = await read(BASKETS);
    machines = await read('carttrend_clean.mart_Regression_Fonctionnement_Machines');
    clients = await read('carttrend_clean.Clients');
  } finally {
    await warehouse.close();
  }

  // The assets' own input checks, so the timed inputs are exactly what the assets fit.
  const series = dailySeriesFromRows(revenue, REVENUE, minimumHistoryDays(FORECAST_OPTIONS));
  const forecastFitColdMs = await time(() => fitForecast(series, FORECAST_OPTIONS));
  const transactions = basketsFromRows(baskets, BASKETS);
  const ips = clients.map((c) => (c.ip === null ? null : String(c.ip)));
  return {
    forecastFitMs: await medianOf3(() => fitForecast(series, FORECAST_OPTIONS)),
    forecastFitColdMs,
    aprioriMs: await medianOf3(() => mineAssociations(transactions, MINING)),
    xgboostFitMs: await medianOf3(() => fitUptimeModels(machines)),
    // Each call opens the database afresh, as one materialization does.
    geolocClientsPerS: ips.length / ((await medianOf3(() => geolocate(ips))) / 1000),
    sizes: { days: series.ds.length, baskets: transactions.length, machineMonths: machines.length, clients: ips.length },
  };
}
