/**
 * Framework overhead: `trellis materialize` of the sources and SQL models of the Carttrend project
 * against the same work done straight through @duckdb/node-api in one script
 * (each side in a fresh process of the same bench invocation, see overhead-side.ts)
 * (read the same workbooks with the same reader, append them, then run every
 * model's rendered SQL and every check query in topological order), same
 * data, same machine, one run each in this process. The ratio is what
 * Trellis's bookkeeping costs: staging and swapping, fingerprints, the run
 * store, scheduling.
 */
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bindLogicalDate, loadProject, openDuckDb, parseKey, type AssetDefinition } from '../core/index.ts';
import { readWorkbook } from '../assets/carttrend/workbook.ts';
import { carttrendDataDir, RAW_SCHEMA, workbookFile } from '../assets/carttrend/sources.ts';
import { CARTTREND_WORKBOOKS, headersOf, rawTableName } from '../assets/carttrend/catalog.ts';

/** What the direct side also does: load the sources and run the SQL models (the model fits have no direct twin). */
export const COMPARED_SELECTION = 'kind:source or kind:sql';

/**
 * The Trellis side as a user runs it: a whole `trellis materialize` process on the compiled
 * code, start-up included. Run in-process under the TypeScript loader instead, the same work
 * took 11 s or 16 s from one run to the next on this machine, which drowned the figure.
 */
export async function trellisMaterializeAll(projectDir: string, env: NodeJS.ProcessEnv): Promise<number> {
  const cli = path.resolve(fileURLToPath(import.meta.url), '../../bin/trellis.js');
  // Compile first (an edited tree would otherwise be timed compiling), in a throwaway state folder, then time the run.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-compile-'));
  execFileSync(process.execPath, [cli, 'list', '--project', projectDir], { env: { ...env, TRELLIS_HOME: scratch }, stdio: 'ignore' });
  fs.rmSync(scratch, { recursive: true, force: true });
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [cli, 'materialize', '--select', COMPARED_SELECTION, '--json', '--project', projectDir],
    { env, stdio: 'pipe', maxBuffer: 2 ** 26 });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`trellis materialize --select '${COMPARED_SELECTION}' exited ${run.status}: ${run.stderr}`);
  return ms;
}

/**
 * The same work, run directly: read each workbook with the same reader, append
 * it with the same appender, run each model's SQL in topological order, then
 * each check query, on one connection. No staging, swaps, fingerprints, run
 * store or scheduling.
 */
export async function directBaseline(projectDir: string, env: NodeJS.ProcessEnv, file: string): Promise<number> {
  const project = await loadProject(projectDir, env);
  const logicalDate = new Date().toISOString().slice(0, 10);
  const dataDir = carttrendDataDir({ projectDir, env });
  const t0 = performance.now();
  const warehouse = await openDuckDb(file);
  const session = await warehouse.session();
  const relation = (key: string) => { const r = parseKey(key); return project.dialect.relation(r.schema, r.name); };
  for (const schema of new Set(project.graph.keys.map((k) => parseKey(k).schema))) await warehouse.ensureSchema(schema);
  for (const key of project.graph.keys) {
    const def: AssetDefinition = project.graph.get(key);
    if (def.kind === 'source') {
      const spec = CARTTREND_WORKBOOKS.find((w) => `${RAW_SCHEMA}.${rawTableName(w)}` === key)!;
      const table = await readWorkbook(workbookFile(dataDir, spec), { sheet: spec.sheet, expectedHeaders: headersOf(spec) });
      await session.writeTable(parseKey(key), table.columns, table.rows);
    } else if (def.kind === 'sql') {
      await session.run(`CREATE OR REPLACE ${def.materialization === 'view' ? 'VIEW' : 'TABLE'} ${relation(key)} AS ${bindLogicalDate(def.sql!, logicalDate)}`);
    }
  }
  // Checks last, as `dbt build` orders tests after the models they read.
  for (const key of project.graph.keys) {
    if (project.graph.get(key).kind === 'ts') continue;
    for (const check of project.graph.get(key).checks) {
      if (check.type === 'sql') await session.query(`SELECT count(*) AS n FROM (${check.failingRows(relation(key), project.dialect)}) AS failing`);
    }
  }
  await session.close();
  await warehouse.close();
  return performance.now() - t0;
}

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
