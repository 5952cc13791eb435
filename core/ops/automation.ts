/**
 * Automation conditions, evaluated by the daemon each tick: for every asset
 * that declares some, whether it is due now and why (or why not). Everything
 * due goes into one run. A failed asset is not relaunched by its conditions
 * (that is what retries are for), and an asset stale only because an
 * upstream is waits for that upstream, so nothing is launched every tick in
 * vain.
 *
 * @example
 * const verdicts = evaluateAutomation(graph, statuses, history, (key, c) => cronTickedFor(key, c));
 * verdicts.filter((v) => v.launch).map((v) => `${v.key}: ${v.reason}`)
 * // ['marts.orders: on_missing: never materialized']
 */
import type { AssetGraph } from '../graph.ts';
import type { AssetKey } from '../keys.ts';
import type { AssetState } from '../runstore/index.ts';
import type { StaleStatus } from '../staleness.ts';
import type { AutomationCondition } from './policies.ts';

export interface AutomationVerdict {
  readonly key: AssetKey;
  readonly launch: boolean;
  /** The condition that fired, or `none`. */
  readonly condition: string;
  readonly reason: string;
}

/** When an asset's on_cron condition last ticked since the previous evaluation (undefined: not since). */
export type CronTicked = (key: AssetKey, condition: Extract<AutomationCondition, { type: 'on_cron' }>) => Date | undefined;

type Verdict = { readonly condition: string; readonly reason: string };

function check(c: AutomationCondition, key: AssetKey, graph: AssetGraph, status: StaleStatus,
  history: ReadonlyMap<AssetKey, AssetState>, launched: ReadonlySet<AssetKey>, cronTicked: CronTicked): Verdict | string {
  switch (c.type) {
    case 'on_missing':
      return status.status === 'missing' ? { condition: 'on_missing', reason: 'never materialized' } : 'on_missing: already materialized';
    case 'when_stale': {
      if (status.status !== 'stale' && status.status !== 'missing') return `when_stale: ${status.status}`;
      const own = status.causes.filter((cause) => cause.kind !== 'upstream_stale');
      if (own.length) return { condition: 'when_stale', reason: own.map((cause) => cause.message).join('; ') };
      const moving = graph.upstream(key).find((up) => launched.has(up));
      if (moving) return { condition: 'when_stale', reason: `upstream ${moving} is launched in this tick` };
      return `when_stale: waiting for its upstream (${status.causes.map((cause) => cause.message).join('; ')})`;
    }
    case 'any_upstream_updated': {
      const mine = history.get(key);
      if (!mine) return 'any_upstream_updated: not materialized yet';
      const newer = graph.upstream(key).find((up) => (history.get(up)?.runId ?? 0) > mine.runId);
      return newer ? { condition: 'any_upstream_updated', reason: `upstream ${newer} was materialized in run ${history.get(newer)!.runId}, after this one (run ${mine.runId})` }
        : 'any_upstream_updated: no upstream materialized since';
    }
    case 'on_cron': {
      const at = cronTicked(key, c);
      return at ? { condition: 'on_cron', reason: `cron '${c.cron}' (${c.timezone}) ticked at ${at.toISOString()}` }
        : `on_cron: no '${c.cron}' tick since the last evaluation`;
    }
  }
}

/** Verdicts for every asset with conditions, upstream first (so a downstream can follow a launched upstream). */
export function evaluateAutomation(graph: AssetGraph, statuses: ReadonlyMap<AssetKey, StaleStatus>,
  history: ReadonlyMap<AssetKey, AssetState>, cronTicked: CronTicked): AutomationVerdict[] {
  const out: AutomationVerdict[] = [];
  const launched = new Set<AssetKey>();
  for (const level of graph.levels) {
    for (const key of level) {
      const conditions = graph.get(key).automation;
      if (!conditions?.length) continue;
      const status = statuses.get(key)!;
      if (status.status === 'failed') {
        out.push({ key, launch: false, condition: 'none', reason: 'its last attempt failed: retries or a person relaunch it, not its conditions' });
        continue;
      }
      const absent = graph.upstream(key).find((up) => !history.has(up) && !launched.has(up));
      if (absent) {
        out.push({ key, launch: false, condition: 'none', reason: `waiting for upstream ${absent}, never materialized` });
        continue;
      }
      const notMet: string[] = [];
      let fired: Verdict | undefined;
      for (const c of conditions) {
        const v = check(c, key, graph, status, history, launched, cronTicked);
        if (typeof v === 'string') notMet.push(v);
        else fired ??= v;
      }
      if (fired) {
        launched.add(key);
        out.push({ key, launch: true, condition: fired.condition, reason: `${fired.condition}: ${fired.reason}` });
      } else {
        out.push({ key, launch: false, condition: 'none', reason: notMet.join('; ') });
      }
    }
  }
  return out;
}
