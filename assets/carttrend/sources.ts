/**
 * The ten Carttrend workbooks as source assets (the job Fivetran did): each
 * is observed through its file and loads one sheet into the raw schema
 * `google_drive`, named as DATA.md section 2 says. Files are looked up in
 * CARTTREND_DATA_DIR, else `data/raw` under the project; `.xlsx` is preferred,
 * a `.csv` of the same base name is used when only it exists.
 *
 * If reading fails nothing is written, so the previous raw table stays
 * published: the framework swaps a staged table in only on success.
 *
 * @example
 * import { carttrendSources } from './sources.ts';
 * carttrendSources.map((s) => s.options.key); // ['google_drive.carttrend_campaigns_campagnes', ...]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineSource, type AssetContext, type Declaration, type SourceEnv } from '../../core/index.ts';
import { headersOf, rawTableName, workbook, type WorkbookId, type WorkbookSpec } from './catalog.ts';
import { normalizeName } from './names.ts';
import { readWorkbook } from './workbook.ts';
import { loadCsvDelivery } from './csv-delivery.ts';

export const RAW_SCHEMA = 'google_drive';

/** The folder holding the workbooks: CARTTREND_DATA_DIR, else `<project>/data/raw`. */
export function carttrendDataDir(env: SourceEnv): string {
  const configured = env.env.CARTTREND_DATA_DIR;
  return configured ? path.resolve(env.projectDir, configured) : path.join(env.projectDir, 'data/raw');
}

/** `<dir>/<file>.xlsx`, or the `.csv` when only that exists. */
export function workbookFile(dir: string, spec: Pick<WorkbookSpec, 'file'>): string {
  const xlsx = path.join(dir, `${spec.file}.xlsx`);
  const csv = path.join(dir, `${spec.file}.csv`);
  return !existsSync(xlsx) && existsSync(csv) ? csv : xlsx;
}

async function load(ctx: AssetContext, spec: WorkbookSpec): Promise<void> {
  const file = workbookFile(carttrendDataDir({ projectDir: ctx.projectDir, env: ctx.env }), spec);
  const started = Date.now();
  if (path.extname(file) === '.csv') {
    const loaded = await loadCsvDelivery(ctx, file, spec);
    ctx.log.info(`loaded ${loaded.rows} rows x ${loaded.columns} columns from ${path.basename(file)} with the warehouse's CSV reader ` +
      `in ${Date.now() - started} ms`);
    ctx.addMetadata({ file, rows: loaded.rows, columns: loaded.columns });
    return;
  }
  const table = await readWorkbook(file, { sheet: spec.sheet, expectedHeaders: headersOf(spec), log: ctx.log });
  ctx.signal.throwIfAborted();
  const rows = await ctx.writeTable(table.columns, table.rows);
  ctx.log.info(`loaded ${rows} rows x ${table.columns.length} columns from ${path.basename(file)} ` +
    `(sheet '${table.sheet}') in ${Date.now() - started} ms`);
  ctx.addMetadata({ file, sheet: table.sheet, rows, columns: table.columns.length });
}

function carttrendSource(id: WorkbookId): Declaration {
  const spec = workbook(id);
  return defineSource({
    key: `${RAW_SCHEMA}.${rawTableName(spec)}`,
    group: 'sources',
    tags: { carttrend: '', source: 'google_drive' },
    description: `${spec.description} Loaded as delivered from ${spec.file}.xlsx, sheet '${spec.sheet}'.`,
    missingFileHint: 'run `npx trellis demo-data` for sample workbooks, or set CARTTREND_DATA_DIR to their folder',
    columns: spec.columns.map((c) => ({ name: normalizeName(c.header), description: c.description })),
    files: (env) => [workbookFile(carttrendDataDir(env), spec)],
    materialize: (ctx) => load(ctx, spec),
  });
}

export const campaignsSource = carttrendSource('campaigns');
export const clientsSource = carttrendSource('clients');
export const ordersSource = carttrendSource('orders');
export const orderLinesSource = carttrendSource('orderLines');
export const warehousesSource = carttrendSource('warehouses');
export const machinesSource = carttrendSource('machines');
export const postsSource = carttrendSource('posts');
export const productsSource = carttrendSource('products');
export const promotionsSource = carttrendSource('promotions');
export const satisfactionSource = carttrendSource('satisfaction');

export const carttrendSources: readonly Declaration[] = [
  campaignsSource, clientsSource, ordersSource, orderLinesSource, warehousesSource,
  machinesSource, postsSource, productsSource, promotionsSource, satisfactionSource,
];
