/**
 * Planning: for each asset, run or skip, and why. Nothing is executed here;
 * `trellis plan` prints this, and the materializer follows it (re-checking
 * conditional steps once their upstreams have run).
 *
 * @example
 * const plan = makePlan(graph, statuses, { mode: 'stale' });
 * plan.steps.filter((s) => s.action === 'run').map((s) => s.key)
 */
import type { AssetGraph } from './graph.ts';
import type { AssetKey } from './keys.ts';
import type { StaleStatus } from './staleness.ts';
import { StatusMap } from './status-map.ts';

export type PlanMode =
  /** Every stale or missing asset (the default of `trellis materialize`). */
  | 'stale'
  /** Every asset, fresh or not (`--all`). */
  | 'all'
  /** The selection, fresh or not (`--select`). */
  | 'selected'
  /** Only the stale members of the selection (`--select S --stale`). */
  | 'selected_stale';

export interface PlanOptions {
  readonly mode: PlanMode;
  readonly selection?: ReadonlySet<AssetKey>;
}

export interface PlannedStep {
  readonly key: AssetKey;
  readonly action: 'run' | 'skip';
  readonly reason: string;
  /**
   * Runs only if an upstream's rebuild in this run changes its data; otherwise
   * it is skipped as `inputs unchanged`.
   */
  readonly conditional: boolean;
}

export interface Plan {
  readonly mode: PlanMode;
  /** Steps in topological order, for every asset the plan concerns. */
  readonly steps: readonly PlannedStep[];
}

export function makePlan(graph: AssetGraph, statuses: ReadonlyMap<AssetKey, StaleStatus>, options: PlanOptions): Plan {
  const steps: PlannedStep[] = [];
  const { mode, selection } = options;
  // By position, and by code and reason rather than status objects: most stale assets are stale only for
  // their upstreams, and their statuses need not be made (see upstream-stale.ts).
  const byPosition = StatusMap.of(graph, statuses);
  for (let p = 0; p < graph.size; p++) {
    const key = graph.keys[p]!;
    const status = byPosition.statusAt(p);
    const selected = !selection || selection.has(key);
    if (mode === 'all' || (mode === 'selected' && selected)) {
      steps.push({ key, action: 'run', reason: status === 'fresh' ? 'selected (fresh, rebuilt on request)' : `selected; ${byPosition.reasonAt(p)}`, conditional: false });
    } else if (status === 'fresh') {
      if (selection?.has(key)) steps.push({ key, action: 'skip', reason: 'fresh', conditional: false });
    } else if (selected) {
      steps.push({ key, action: 'run', reason: byPosition.reasonAt(p), conditional: byPosition.onlyUpstreamStaleAt(p) });
    } else if (mode !== 'stale') {
      steps.push({ key, action: 'skip', reason: `not selected (${status})`, conditional: false });
    }
  }
  return { mode, steps };
}
