/**
 * Offline validation of BigQuery SQL with ZetaSQL's real local service (the
 * optional @fivetrandevelopers/zetasql, which CI installs: a server that
 * cannot start fails here, never skips): every Carttrend model valid in
 * topological order, broken models named with file, line and column, and
 * `plan --target bigquery --dry-run` with its exit codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject, startZetaSql, validateBigQuerySql, type ZetaSql } from '../core/index.ts';
import { REPO, cleanupTemp, cli, fixturePath, projectEnv, tempHome } from './support/project.ts';

let zetasql: ZetaSql;
beforeAll(async () => {
  const started = await startZetaSql();
  if ('missing' in started) throw new Error(started.missing);
  zetasql = started;
}, 30_000);
afterAll(() => { zetasql?.close(); cleanupTemp(); });

const bigqueryEnv = (extra: Record<string, string> = {}) => projectEnv({ TRELLIS_HOME: tempHome(), TRELLIS_WAREHOUSE: 'bigquery', ...extra });

describe('the Carttrend models on ZetaSQL', () => {
  it('all 23 models are valid BigQuery, analyzed upstream first, with typed output columns', async () => {
    const project = await loadProject(REPO, bigqueryEnv());
    const report = await validateBigQuerySql(project.graph, { dialect: project.dialect, projectDir: REPO, analyzer: zetasql });
    expect(report.analyzer).toBe('zetasql');
    expect(report.models).toHaveLength(23);
    expect(report.models.filter((m) => m.status !== 'ok')).toEqual([]);
    const clients = report.models.find((m) => m.key === 'carttrend_clean.Clients')!;
    expect(clients.columns).toContainEqual({ name: 'age', type: 'INT64' });
    const keys = report.models.map((m) => m.key);
    expect(keys.indexOf('carttrend_clean.Commandes')).toBeLessThan(keys.indexOf('carttrend_clean.mart_Commandes'));
  });

  it('with a dataset prefix the relations are renamed and still resolve', async () => {
    const project = await loadProject(REPO, bigqueryEnv({ TRELLIS_BIGQUERY_DATASET_PREFIX: 'dev_' }));
    const report = await validateBigQuerySql(project.graph, { dialect: project.dialect, projectDir: REPO, analyzer: zetasql });
    expect(project.graph.get('carttrend_clean.mart_Commandes').sql).toContain('`dev_carttrend_clean.Commandes`');
    expect(report.models.every((m) => m.status === 'ok')).toBe(true);
  });
});

describe('broken models name the model, the file, the line and the column', () => {
  const dir = fixturePath('broken-bigquery');

  it('unknown column, DuckDB-only function, type error, syntax error; a model reading a broken one is skipped', async () => {
    const project = await loadProject(dir, bigqueryEnv());
    const report = await validateBigQuerySql(project.graph, { dialect: project.dialect, projectDir: dir, analyzer: zetasql });
    const by = new Map(report.models.map((m) => [m.key, m]));
    expect(by.get('staging.stg_orders')!.status).toBe('ok');
    expect(by.get('staging.bad_column')).toMatchObject({ status: 'invalid', file: 'sql/staging/bad_column.sql',
      error: { message: 'Unrecognized name: amout; Did you mean amount?', line: 3, column: 5, fileLine: 3 } });
    expect(by.get('staging.bad_function')!.error).toMatchObject({ message: 'Function not found: strftime', line: 3, column: 5 });
    expect(by.get('marts.bad_types')!.error).toMatchObject({ line: 2, column: 12 });
    expect(by.get('marts.bad_types')!.error!.message).toContain('No matching signature for operator +');
    expect(by.get('marts.bad_syntax')!.error).toMatchObject({ message: 'Syntax error: Expected ")" but got keyword FROM', line: 3, column: 1 });
    expect(by.get('marts.revenue')).toMatchObject({ status: 'skipped', reason: 'upstream staging.bad_column is invalid' });
  });

  it('plan --target bigquery --dry-run prints each status with file:line:column and a caret, exit 1', async () => {
    const r = await cli(['plan', '--target', 'bigquery', '--dry-run'], { projectDir: dir, env: projectEnv({ TRELLIS_HOME: tempHome() }) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('validated by ZetaSQL');
    expect(r.stdout).toMatch(/invalid\s+staging\.bad_column\s+sql\/staging\/bad_column\.sql:3:5 Unrecognized name: amout/);
    expect(r.stdout).toContain('        amout as amount\n        ^');
    expect(r.stdout).toContain('6 models: 1 ok, 4 invalid, 1 skipped');
  });

  it('--select and --json: only the selection is reported; a valid selection exits 0', async () => {
    const r = await cli(['plan', '--target', 'bigquery', '--dry-run', '--select', 'key:staging.stg_orders', '--json'],
      { projectDir: dir, env: projectEnv({ TRELLIS_HOME: tempHome() }) });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.models.map((m: { key: string }) => m.key)).toEqual(['staging.stg_orders']);
    expect(json.summary).toEqual({ ok: 1, invalid: 0, skipped: 0 });
  });

  it('without ZetaSQL a lexical check runs and says so; it still finds the open parenthesis', async () => {
    const r = await cli(['plan', '--target', 'bigquery', '--dry-run'], { projectDir: dir, env: projectEnv({ TRELLIS_HOME: tempHome(), TRELLIS_ZETASQL: 'off' }) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('lexical check only: ZetaSQL turned off');
    expect(r.stdout).toContain('sql/marts/bad_syntax.sql:2:26 unclosed (: add )');
  });

  it('bad usage exits 2 with the fix', async () => {
    const env = projectEnv({ TRELLIS_HOME: tempHome() });
    const wrong = await cli(['plan', '--target', 'duckdb', '--dry-run'], { projectDir: dir, env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("unknown --target 'duckdb'");
    const noDry = await cli(['plan', '--target', 'bigquery'], { projectDir: dir, env });
    expect(noDry.code).toBe(2);
    expect(noDry.stderr).toContain('add --dry-run');
  });
});
