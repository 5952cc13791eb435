/**
 * What users write for operations: schedules (trellis.config.ts), and per
 * asset automation conditions and a freshness policy (defineAsset options, or
 * a SQL model's `config:` in schema.yml). Read field by field like every
 * project file: problems are collected with their line and fix, and a bad
 * cron or time zone names the schedule or asset it belongs to.
 *
 * @example
 * // trellis.config.ts
 * schedules: { daily: { select: '*', cron: '0 2 * * *', timezone: 'Europe/Paris' } }
 * // an asset
 * automation: ['on_missing', { on_cron: '0 6 * * *' }], freshness: { maxAgeHours: 26 }
 */
import type { FieldPath, Fields } from '../fields.ts';
import { cronProblem, type CronSpec } from './cron.ts';

export interface ScheduleConfig {
  /** The assets a tick brings up to date (only their stale members run); default every asset. */
  readonly select: string;
  readonly cron: string;
  readonly timezone: string;
  /** Replay ticks missed while the daemon was down (default false: record them as missed). */
  readonly catchup: boolean;
}

/** Dagster's conditions: launch when never materialized, when an upstream has a newer materialization, at each cron tick, or when stale. */
export type AutomationCondition =
  | { readonly type: 'on_missing' }
  | { readonly type: 'any_upstream_updated' }
  | { readonly type: 'when_stale' }
  | { readonly type: 'on_cron'; readonly cron: string; readonly timezone: string };

export const CONDITION_NAMES = ['on_missing', 'any_upstream_updated', 'when_stale', 'on_cron'] as const;

/** Overdue when the newest materialization is older than `maxAgeMs`, or was not made since the last `deadline` tick. */
export interface FreshnessPolicy {
  readonly maxAgeMs?: number;
  readonly deadline?: CronSpec & { readonly timezone: string };
}

/** A condition as users write it: `on_missing`, `on_cron '0 6 * * *' (UTC)`. */
export function describeCondition(c: AutomationCondition): string {
  return c.type === 'on_cron' ? `on_cron '${c.cron}' (${c.timezone})` : c.type;
}

function checkCron(fields: Fields, spec: CronSpec, path: FieldPath, owner: string): boolean {
  const problem = cronProblem(spec);
  if (problem) fields.problem([...path, problem.field], `${owner}: ${problem.message}`, problem.fix);
  return !problem;
}

/** `schedules: { name: { select, cron, timezone, catchup } }`. */
export function readSchedules(fields: Fields, raw: unknown): Record<string, ScheduleConfig> | undefined {
  const all = fields.record(raw, ['schedules']);
  if (!all) return undefined;
  const out: Record<string, ScheduleConfig> = {};
  for (const [name, value] of Object.entries(all)) {
    const path = ['schedules', name];
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
      fields.problem(path, `schedule '${name}': a name is letters, digits, '_', '-' or '.'`, 'rename it, e.g. daily_marts');
      continue;
    }
    const s = fields.record(value, path);
    if (!s) continue;
    fields.knownKeys(s, path, ['select', 'cron', 'timezone', 'catchup']);
    const cron = fields.string(s.cron, [...path, 'cron']);
    const timezone = fields.string(s.timezone, [...path, 'timezone']) ?? 'UTC';
    const select = fields.string(s.select, [...path, 'select']) ?? '*';
    const catchup = s.catchup === undefined ? false : typeof s.catchup === 'boolean' ? s.catchup
      : fields.problem([...path, 'catchup'], `schedule '${name}': catchup must be true or false`, 'write catchup: true');
    if (cron === undefined) {
      if (s.cron === undefined) fields.problem([...path, 'cron'], `schedule '${name}' has no cron`, "add cron: '0 2 * * *' (02:00 every day)");
      continue;
    }
    if (!checkCron(fields, { cron, timezone }, path, `schedule '${name}'`) || catchup === undefined) continue;
    out[name] = { select, cron, timezone, catchup };
  }
  return out;
}

/** An asset's `automation`: one condition or a list, each a name or `{ on_cron: '…', timezone }`. */
export function readAutomation(fields: Fields, raw: unknown, path: FieldPath = ['automation']): AutomationCondition[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const items = Array.isArray(raw) ? raw : [raw];
  const out: AutomationCondition[] = [];
  items.forEach((item, i) => {
    const at = Array.isArray(raw) ? [...path, i] : path;
    if (typeof item === 'string') {
      if (item === 'on_cron') {
        fields.problem(at, 'on_cron needs its cron expression', "write { on_cron: '0 6 * * *' }");
        return;
      }
      const name = fields.oneOf(item, at, CONDITION_NAMES.filter((n) => n !== 'on_cron'));
      if (name) out.push({ type: name } as AutomationCondition);
      return;
    }
    const o = fields.record(item, at);
    if (!o) return;
    fields.knownKeys(o, at, ['on_cron', 'timezone']);
    const cron = fields.string(o.on_cron, [...at, 'on_cron']);
    const timezone = fields.string(o.timezone, [...at, 'timezone']) ?? 'UTC';
    if (cron === undefined) {
      if (o.on_cron === undefined) fields.problem(at, 'a condition object needs on_cron', "write { on_cron: '0 6 * * *' }");
      return;
    }
    const problem = cronProblem({ cron, timezone });
    if (problem) fields.problem([...at, problem.field === 'cron' ? 'on_cron' : 'timezone'], problem.message, problem.fix);
    else out.push({ type: 'on_cron', cron, timezone });
  });
  return out;
}

/** An asset's `freshness`: `{ maxAgeHours }`, `{ maxAgeMinutes }`, and/or `{ deadline: cron, timezone }`. */
export function readFreshness(fields: Fields, raw: unknown, path: FieldPath = ['freshness']): FreshnessPolicy | undefined {
  const o = fields.record(raw, path);
  if (!o) return undefined;
  fields.knownKeys(o, path, ['maxAgeHours', 'maxAgeMinutes', 'deadline', 'timezone']);
  const hours = fields.number(o.maxAgeHours, [...path, 'maxAgeHours'], { min: 0 });
  const minutes = fields.number(o.maxAgeMinutes, [...path, 'maxAgeMinutes'], { min: 0 });
  const cron = fields.string(o.deadline, [...path, 'deadline']);
  const timezone = fields.string(o.timezone, [...path, 'timezone']) ?? 'UTC';
  if (hours === undefined && minutes === undefined && cron === undefined) {
    if (o.maxAgeHours === undefined && o.maxAgeMinutes === undefined && o.deadline === undefined) {
      fields.problem(path, 'a freshness policy needs maxAgeHours, maxAgeMinutes or deadline', 'write { maxAgeHours: 26 }');
    }
    return undefined;
  }
  const maxAgeMs = hours !== undefined ? hours * 3_600_000 : minutes !== undefined ? minutes * 60_000 : undefined;
  if (cron !== undefined) {
    const problem = cronProblem({ cron, timezone });
    if (problem) {
      fields.problem([...path, problem.field === 'cron' ? 'deadline' : 'timezone'], problem.message, problem.fix);
      return undefined;
    }
  }
  return { maxAgeMs, deadline: cron === undefined ? undefined : { cron, timezone } };
}
