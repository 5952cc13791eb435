/**
 * Freshness: whether an asset's newest materialization is recent enough for
 * its policy (no older than a maximum age, or made since the last cron
 * deadline). Overdue is a warn-level result: `trellis list` and `why`, the API
 * and the UI flag it, and the daemon reports it each tick.
 *
 * @example
 * evaluateFreshness({ maxAgeMs: 26 * 3_600_000 }, '2026-03-28T02:00:00Z', new Date('2026-03-29T05:00:00Z'))
 * // { status: 'overdue', message: 'overdue: last materialized 27 h 00 min ago; the policy allows 26 h 00 min', … }
 */
import { formatDuration } from '../format.ts';
import type { AssetGraph } from '../graph.ts';
import type { AssetKey } from '../keys.ts';
import type { RunStore } from '../runstore/index.ts';
import { previousTick } from './cron.ts';
import type { FreshnessPolicy } from './policies.ts';

export interface FreshnessState {
  readonly status: 'fresh' | 'overdue';
  readonly message: string;
  readonly lastMaterializedAt: string | null;
  /** The instant it becomes (or became) overdue, when known. */
  readonly dueBy: string | null;
}

/** What the policy means in words: `max age 26 h 00 min`, `by 0 9 * * * (Europe/Paris)`. */
export function describeFreshness(policy: FreshnessPolicy): string {
  const parts: string[] = [];
  if (policy.deadline) parts.push(`materialized by each '${policy.deadline.cron}' (${policy.deadline.timezone})`);
  if (policy.maxAgeMs !== undefined) parts.push(`${policy.deadline ? 'within' : 'no older than'} ${formatDuration(policy.maxAgeMs)}`);
  return parts.join(', ');
}

/** The oldest acceptable materialization at `now`, or undefined when nothing is required yet. */
function requiredSince(policy: FreshnessPolicy, now: Date): Date | undefined {
  if (!policy.deadline) return new Date(now.getTime() - policy.maxAgeMs!);
  const deadline = previousTick(policy.deadline, now);
  if (!deadline) return undefined;
  if (policy.maxAgeMs !== undefined) return new Date(deadline.getTime() - policy.maxAgeMs);
  return previousTick(policy.deadline, new Date(deadline.getTime() - 1000)) ?? new Date(0);
}

export function evaluateFreshness(policy: FreshnessPolicy, lastMaterializedAt: string | undefined, now: Date): FreshnessState {
  const last = lastMaterializedAt === undefined ? undefined : new Date(lastMaterializedAt);
  const since = requiredSince(policy, now);
  const dueBy = last && policy.maxAgeMs !== undefined && !policy.deadline ? new Date(last.getTime() + policy.maxAgeMs).toISOString() : null;
  const lastAt = lastMaterializedAt ?? null;
  if (!last) return { status: 'overdue', message: `overdue: never materialized (policy: ${describeFreshness(policy)})`, lastMaterializedAt: null, dueBy: null };
  if (!since || last >= since) {
    return { status: 'fresh', message: `fresh: last materialized ${formatDuration(now.getTime() - last.getTime())} ago (policy: ${describeFreshness(policy)})`, lastMaterializedAt: lastAt, dueBy };
  }
  const age = formatDuration(now.getTime() - last.getTime());
  const message = policy.deadline
    ? `overdue: not materialized since ${since.toISOString()} (policy: ${describeFreshness(policy)}); last ${age} ago`
    : `overdue: last materialized ${age} ago; the policy allows ${formatDuration(policy.maxAgeMs!)}`;
  return { status: 'overdue', message, lastMaterializedAt: lastAt, dueBy };
}

/** Every asset with a freshness policy, evaluated at `now` against the store's newest materializations. */
export function freshnessOf(graph: AssetGraph, store: RunStore, now: Date): Map<AssetKey, FreshnessState> {
  const out = new Map<AssetKey, FreshnessState>();
  const withPolicy = graph.definitions().filter((d) => d.freshness);
  if (!withPolicy.length) return out;
  const latest = store.latestMaterializations();
  for (const def of withPolicy) out.set(def.key, evaluateFreshness(def.freshness!, latest.get(def.key)?.createdAt, now));
  return out;
}
