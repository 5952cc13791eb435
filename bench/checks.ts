/**
 * Check time on the Carttrend staging views: one query per check (what the
 * runner did before: each check's failing rows, counted and sampled in one
 * pass, so each check re-ran the view) against one scan of filtered
 * aggregates per asset with samples only for failed checks (runChecks).
 * Both sides run in this process on the same warehouse, alternated, and each
 * keeps its best round: this machine's speed drifts over minutes.
 *
 * @example
 * const { beforeMs, afterMs } = await measureChecks(dataDir); // prints checks_ms_before / checks_ms_after
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bindLogicalDate, loadProject, openDuckDb, parseKey, runChecks, type AssetDefinition, type Dialect, type WarehouseSession,
} from '../core/index.ts';
import { readWorkbook } from '../assets/carttrend/workbook.ts';
import { RAW_SCHEMA, workbookFile } from '../assets/carttrend/sources.ts';
import { CARTTREND_WORKBOOKS, headersOf, rawTableName } from '../assets/carttrend/catalog.ts';
import { generateDemoData } from '../assets/carttrend/demo-data/index.ts';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const ROUNDS = 3;

/** The runner before the one-scan change: one query per SQL check, giving the count and five sample rows. */
async function checksOneQueryEach(def: AssetDefinition, session: WarehouseSession, relation: string, dialect: Dialect): Promise<number> {
  let failing = 0;
  for (const check of def.checks) {
    if (check.type !== 'sql') continue;
    const rows = await session.query(`SELECT *, count(*) OVER () AS __n FROM (${check.failingRows(relation, dialect)}) AS failing LIMIT 5`);
    if (rows.length) failing++;
  }
  return failing;
}

/**
 * Times both ways on the scale-1 sample data in `dataDir` (generated into a
 * temporary folder when absent) and prints `checks_ms_before` and `checks_ms_after`.
 */
export async function measureChecks(dataDir?: string): Promise<{ beforeMs: number; afterMs: number }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-checks-'));
  const data = dataDir ?? (await generateDemoData({ outDir: path.join(work, 'data'), scale: 1, seed: 42 }), path.join(work, 'data'));
  const project = await loadProject(root, { ...process.env, CARTTREND_DATA_DIR: data });
  const warehouse = await openDuckDb(path.join(work, 'warehouse.duckdb'));
  const session = await warehouse.session();
  const dialect = project.dialect;
  const relation = (key: string) => { const r = parseKey(key); return dialect.relation(r.schema, r.name); };
  try {
    const built = new Set<string>();
    for (const key of project.graph.keys) {
      const def = project.graph.get(key);
      if (def.kind === 'ts' || !project.graph.upstream(key).every((dep) => built.has(dep))) continue;
      await warehouse.ensureSchema(parseKey(key).schema);
      if (def.kind === 'source') {
        const spec = CARTTREND_WORKBOOKS.find((w) => `${RAW_SCHEMA}.${rawTableName(w)}` === key)!;
        const table = await readWorkbook(workbookFile(data, spec), { sheet: spec.sheet, expectedHeaders: headersOf(spec) });
        await session.writeTable(parseKey(key), table.columns, table.rows);
      } else {
        await session.run(`CREATE OR REPLACE ${def.materialization === 'view' ? 'VIEW' : 'TABLE'} ${relation(key)} AS ` +
          bindLogicalDate(def.sql!, new Date().toISOString().slice(0, 10)));
      }
      built.add(key);
    }
    const views = project.graph.keys.map((k) => project.graph.get(k))
      .filter((d) => built.has(d.key) && d.kind === 'sql' && d.materialization === 'view' && d.checks.length);
    if (!views.length) throw new Error('no Carttrend view with checks was built: nothing to measure');
    const time = async (run: (def: AssetDefinition) => Promise<unknown>) => {
      const t0 = performance.now();
      for (const def of views) await run(def);
      return performance.now() - t0;
    };
    const before = (def: AssetDefinition) => checksOneQueryEach(def, session, relation(def.key), dialect);
    const after = (def: AssetDefinition) => runChecks(def, session, relation(def.key), dialect, {}, async () => true);
    await time(before);
    await time(after);
    let beforeMs = Infinity;
    let afterMs = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      beforeMs = Math.min(beforeMs, await time(before));
      afterMs = Math.min(afterMs, await time(after));
    }
    const checks = views.reduce((n, d) => n + d.checks.length, 0);
    console.log(`checks_views: ${views.length} views, ${checks} checks`);
    console.log(`checks_ms_before: ${beforeMs.toFixed(1)} ms`);
    console.log(`checks_ms_after: ${afterMs.toFixed(1)} ms`);
    return { beforeMs, afterMs };
  } finally {
    await session.close();
    await warehouse.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
