/**
 * One attempt at building an asset: stage it under a temporary name, run its
 * checks there, compute its data version, and publish (swap in) only when it
 * and its blocking checks pass, so that a failed, blocked or interrupted
 * build never loses the last good relation. Nothing here writes to the run
 * store: the step records the outcome, outside the retries.
 *
 * @example
 * const built = await buildAndPublish(scope, def, 1); // { rows, checks, dataVersion, inputVersions, metadata }
 */
import type { AssetDefinition } from '../definitions.ts';
import { AssetError, TrellisError, userCode } from '../errors.ts';
import { parseKey, type AssetKey, type Relation } from '../keys.ts';
import { makeLogger } from '../log.ts';
import { bindLogicalDate } from '../template.ts';
import { runChecks, type CheckResult } from '../check-runner.ts';
import { makeAssetContext, type BuildContext } from './context.ts';
import { dataVersionOf } from './data-version.ts';
import { faultPoint } from '../faults.ts';
import { STAGED_SUFFIX } from '../warehouse/warehouse.ts';
import type { RunScope } from './scope.ts';
import type { StatementProgress, StatementStats, Usage } from '../warehouse/warehouse.ts';
import { usageSince } from '../warehouse/usage.ts';
import { formatBytes, formatDuration } from '../format.ts';


export function stagedRelation(key: AssetKey): Relation {
  const r = parseKey(key);
  return { schema: r.schema, name: `${r.name}${STAGED_SUFFIX}` };
}

/** Error-level checks failed: the build is not published, and trying again would give the same answer. */
export class BlockedByChecks extends TrellisError {
  override name = 'BlockedByChecks';
  override readonly exitCode = 1;
  constructor(readonly asset: AssetKey, readonly checks: readonly CheckResult[], kept: boolean) {
    const blocking = checks.filter((c) => !c.passed && c.severity === 'error');
    super(`blocked by check${blocking.length > 1 ? 's' : ''} ${blocking.map((c) => `${c.check} (${c.message})`).join(', ')}; ` +
      (kept ? 'previous version kept' : 'nothing published yet'));
  }
}

/** `job trellis_… running, 4.2s elapsed, 1.0 GB processed`. */
function progressText(p: StatementProgress): string {
  return `job ${p.jobId} running, ${formatDuration(p.elapsedMs)} elapsed${p.bytesProcessed !== undefined ? `, ${formatBytes(p.bytesProcessed)} processed` : ''}`;
}

/**
 * What a phase of the build cost beyond its SQL statement, as materialization
 * metadata (`check_jobs`, `check_bytes_processed`, `check_bytes_billed`); none
 * on an engine without jobs.
 */
function usageMetadata(phase: 'check' | 'version', usage: Usage): Record<string, number> {
  if (!usage.jobs) return {};
  return { [`${phase}_jobs`]: usage.jobs, [`${phase}_bytes_processed`]: usage.bytesProcessed, [`${phase}_bytes_billed`]: usage.bytesBilled };
}

/** A statement's job statistics as materialization metadata (the fields the engine reported). */
function statsMetadata(stats: StatementStats): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (stats.jobId !== undefined) out.job_id = stats.jobId;
  if (stats.bytesProcessed !== undefined) out.bytes_processed = stats.bytesProcessed;
  if (stats.bytesBilled !== undefined) out.bytes_billed = stats.bytesBilled;
  return out;
}

export interface Built {
  readonly rows: number | null;
  readonly checks: readonly CheckResult[];
  readonly dataVersion: string;
  readonly inputVersions: Readonly<Record<AssetKey, string>>;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export async function buildAndPublish(scope: RunScope, def: AssetDefinition, attempt: number): Promise<Built> {
  const { warehouse, graph, signal } = scope;
  const rel = (r: Relation) => warehouse.dialect.relation(r.schema, r.name);
  const staged = stagedRelation(def.key);
  const target = parseKey(def.key);
  await warehouse.ensureSchema(target.schema);
  await warehouse.drop(staged);
  const session = await warehouse.session();
  scope.sessions.add(session);
  const metadata: Record<string, unknown> = {};
  let ctx: BuildContext | undefined;
  try {
    if (def.kind === 'sql') {
      const select = bindLogicalDate(def.sql!, scope.logicalDate);
      const onProgress = (p: StatementProgress) => scope.emit({ type: 'step_progress', key: def.key, message: progressText(p) });
      const stats = await userCode(def.key, () => session.createAs(staged, def.materialization === 'view' ? 'view' : 'table', select, { signal, onProgress }),
        { phase: 'sql', file: def.file });
      Object.assign(metadata, statsMetadata(stats));
    } else {
      const log = makeLogger((level, message) => scope.record({ type: 'log', key: def.key, level, message }));
      const context = makeAssetContext({ def, graph, warehouse, session, staged, runId: scope.runId, logicalDate: scope.logicalDate,
        attempt, log, signal, projectDir: scope.projectDir, env: scope.env, metadata });
      ctx = context;
      await userCode(def.key, () => def.materialize!(context), { phase: 'materialize', file: def.file });
      if (!context.wroteTable() && !(await warehouse.relationKind(staged))) {
        throw new AssetError(def.key, new Error(`${def.key} wrote no table`), { file: def.file, retryable: false,
          fix: 'call ctx.writeTable(columns, rows) or ctx.loadFile(file, { format }), or create ctx.target' });
      }
    }
    faultPoint('build.staged');
    signal.throwIfAborted();
    const beforeChecks = session.usage();
    const checks = await runChecks(def, session, rel(staged), warehouse.dialect, metadata,
      async (key) => (await warehouse.relationKind(parseKey(key))) !== undefined);
    Object.assign(metadata, usageMetadata('check', usageSince(beforeChecks, session.usage())));
    if (checks.some((c) => !c.passed && c.severity === 'error')) {
      throw new BlockedByChecks(def.key, checks, (await warehouse.relationKind(target)) !== undefined);
    }
    signal.throwIfAborted();
    const kind = def.materialization === 'view' && def.kind === 'sql' ? 'view' : 'table';
    const inputVersions: Record<AssetKey, string> = {};
    for (const dep of graph.upstream(def.key)) inputVersions[dep] = scope.versions.get(dep) ?? 'unknown';
    const { dataVersion, rows, usage } = await dataVersionOf({ def, kind, staged, inputVersions, source: scope.sources.get(def.key),
      rowsWritten: ctx?.rowsWritten(), warehouse, session });
    Object.assign(metadata, usageMetadata('version', usage));
    await warehouse.publish(staged, target, kind);
    return { rows, checks, dataVersion, inputVersions, metadata };
  } catch (error) {
    await warehouse.drop(staged).catch(() => {});
    throw error;
  } finally {
    scope.sessions.delete(session);
    await session.close();
  }
}
