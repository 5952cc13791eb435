/**
 * `trellis plan --target bigquery --dry-run [--select S] [--json]`: renders
 * every selected SQL model in BigQuery's dialect (with the configured
 * dataset prefix) and validates it offline, with ZetaSQL when installed,
 * sending nothing to any network. Exit 1 when a model is invalid.
 *
 * @example
 * await main(['plan', '--target', 'bigquery', '--dry-run', '--select', 'key:carttrend_clean.Clients']);
 */
import fs from 'node:fs';
import { UsageError } from '../errors.ts';
import { loadConfig } from '../project.ts';
import { warehousePath } from '../config.ts';
import { parseKey, type AssetKey } from '../keys.ts';
import { selectInProject } from '../dashboards/lineage.ts';
import { openWorkspace } from '../workspace.ts';
import { openDuckDb } from '../warehouse/open.ts';
import type { ColumnInfo, Warehouse } from '../warehouse/warehouse.ts';
import { validateBigQuerySql } from '../warehouse/bigquery/analyzer/validate.ts';
import { formatDryRun } from './console.ts';
import { str, type CommandContext, type Flags } from './commands.ts';

const TARGETS = ['bigquery'];

/** Checks the flags of a dry run; undefined when the plan is an ordinary one. */
export function dryRunTarget(flags: Flags): string | undefined {
  const target = str(flags, 'target');
  if (target === undefined && !flags['dry-run']) return undefined;
  if (target === undefined) throw new UsageError('--dry-run needs a target: plan --target bigquery --dry-run');
  if (!TARGETS.includes(target)) throw new UsageError(`unknown --target '${target}'`, { fix: 'use --target bigquery (the configured warehouse is planned without --target)' });
  if (!flags['dry-run']) throw new UsageError(`--target ${target} plans without running only as a dry run: add --dry-run`);
  if (flags.all || flags.stale) throw new UsageError('--dry-run validates every model\'s SQL: it takes --select, not --all or --stale');
  return target;
}

/** Columns of sources and TypeScript assets from the local DuckDB file, when it exists and can be opened. */
async function localColumns(ctx: CommandContext): Promise<{ read: (key: AssetKey) => Promise<readonly ColumnInfo[]>; close: () => Promise<void> }> {
  let warehouse: Promise<Warehouse | undefined> | undefined;
  const open = async () => {
    const config = await loadConfig(ctx.projectDir, ctx.env);
    const file = config.warehouse.type === 'duckdb' ? warehousePath(config) : undefined;
    return file && fs.existsSync(file) ? openDuckDb(file).catch(() => undefined) : undefined;
  };
  return {
    read: async (key) => (await (warehouse ??= open()))?.columns(parseKey(key)) ?? [],
    close: async () => { await (await warehouse)?.close(); },
  };
}

/** The dry run itself (see the module comment). */
export async function planDryRun(ctx: CommandContext, flags: Flags): Promise<number> {
  const ws = await openWorkspace(ctx.projectDir, { ...ctx.env, TRELLIS_WAREHOUSE: 'bigquery' });
  const local = await localColumns(ctx);
  try {
    const select = str(flags, 'select');
    const selected = select ? selectInProject(select, ws.project, () => ws.status().statuses).assets : undefined;
    const { warehouse } = ws.project.config;
    const report = await validateBigQuerySql(ws.project.graph, { dialect: ws.project.dialect, projectDir: ws.project.dir,
      project: warehouse.type === 'bigquery' ? warehouse.project : undefined,
      select: selected, warehouseColumns: local.read, lexicalOnly: ctx.env.TRELLIS_ZETASQL === 'off' ? 'ZetaSQL turned off (TRELLIS_ZETASQL=off)' : undefined });
    if (flags.json) {
      const count = (s: string) => report.models.filter((m) => m.status === s).length;
      ctx.o.out(JSON.stringify({ target: 'bigquery', ...report, summary: { ok: count('ok'), invalid: count('invalid'), skipped: count('skipped') } }, null, 2));
    } else {
      ctx.o.out(formatDryRun(ctx.o, report));
    }
    return report.models.some((m) => m.status === 'invalid') ? 1 : 0;
  } finally {
    await local.close();
    ws.close();
  }
}
