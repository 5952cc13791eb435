/**
 * The status of an asset that is itself as recorded: fresh, or stale only
 * because upstreams are not fresh (a plan rebuilds them first), with one
 * `upstream_stale` cause per such upstream.
 *
 * Causes are read-only, so the downstreams of one upstream share its cause,
 * and those stale for that upstream alone share one status. Nothing is made
 * until asked: at 100,000 assets most are stale this way, and the planner
 * needs only their reasons (`reason`), not 80,000 status objects.
 *
 * @example
 * const upstream = new UpstreamStale(graph, codes); // codes[q]: the status of position q, as STATUS_CODE
 * upstream.status(p) // { status: 'stale', causes: [{ kind: 'upstream_stale', upstream: 'raw.a', message: 'upstream raw.a is stale' }] }
 * upstream.reason(p) // 'upstream raw.a is stale'
 */
import type { AssetGraph } from './graph.ts';
import type { StaleCause, StaleStatus, Status } from './staleness.ts';

export const FRESH: StaleStatus = { status: 'fresh', causes: [] };

/** A status as a small integer, so that statuses can be kept in a Uint8Array. */
export const STATUS_CODE: Readonly<Record<Status, number>> = { fresh: 0, stale: 1, missing: 2, failed: 3 };
export const STATUS_OF_CODE: readonly Status[] = ['fresh', 'stale', 'missing', 'failed'];

/** True when every cause is an upstream that will be rebuilt: the asset runs only if that rebuild changes data. */
export function onlyUpstreamStale(s: StaleStatus): boolean {
  if (s.status !== 'stale') return false;
  // A loop, not every(): the planner asks this of every stale asset.
  for (const cause of s.causes) if (cause.kind !== 'upstream_stale') return false;
  return true;
}

export class UpstreamStale {
  readonly #graph: AssetGraph;
  readonly #codes: Uint8Array;
  readonly #message: (string | undefined)[];
  readonly #cause: (StaleCause | undefined)[];
  readonly #alone: (StaleStatus | undefined)[];

  constructor(graph: AssetGraph, codes: Uint8Array) {
    this.#graph = graph;
    this.#codes = codes;
    this.#message = new Array<string | undefined>(graph.size);
    this.#cause = new Array<StaleCause | undefined>(graph.size);
    this.#alone = new Array<StaleStatus | undefined>(graph.size);
  }

  /** Whether position q is fresh (by the codes filled so far). */
  isFresh(q: number): boolean {
    return this.#codes[q] === STATUS_CODE.fresh;
  }

  /** Whether any upstream of `p` is not fresh (by the codes filled so far, in topological order). */
  anyUpstreamStale(p: number): boolean {
    const count = this.#graph.upstreamCount(p);
    for (let i = 0; i < count; i++) if (this.#codes[this.#graph.upstreamPosition(p, i)] !== 0) return true;
    return false;
  }

  /** The `upstream_stale` cause naming upstream q, shared by all its downstreams. */
  cause(q: number): StaleCause {
    return (this.#cause[q] ??= { kind: 'upstream_stale', upstream: this.#graph.keys[q]!, message: this.#messageOf(q) });
  }

  /** Its message alone: the plan needs no cause object. */
  #messageOf(q: number): string {
    return (this.#message[q] ??= `upstream ${this.#graph.keys[q]!} is ${STATUS_OF_CODE[this.#codes[q]!]!}`);
  }

  status(p: number): StaleStatus {
    const graph = this.#graph;
    const count = graph.upstreamCount(p);
    let first = -1;
    let second = -1;
    let more = false;
    for (let i = 0; i < count; i++) {
      const q = graph.upstreamPosition(p, i);
      if (this.#codes[q] === 0) continue;
      if (first < 0) first = q;
      else if (second < 0) second = q;
      else more = true;
    }
    if (first < 0) return FRESH;
    if (second < 0) return (this.#alone[first] ??= { status: 'stale', causes: [this.cause(first)] });
    // Two causes (the usual many) as a literal: a pushed-to array would reserve room for 17.
    if (!more) return { status: 'stale', causes: [this.cause(first), this.cause(second)] };
    const causes: StaleCause[] = [];
    for (let i = 0; i < count; i++) {
      const q = graph.upstreamPosition(p, i);
      if (this.#codes[q] !== 0) causes.push(this.cause(q));
    }
    return { status: 'stale', causes };
  }

  /** The messages of status(p)'s causes joined by '; ', without making the status. */
  reason(p: number): string {
    const graph = this.#graph;
    const count = graph.upstreamCount(p);
    let reason = '';
    for (let i = 0; i < count; i++) {
      const q = graph.upstreamPosition(p, i);
      if (this.#codes[q] === 0) continue;
      // Concatenated, not joined: V8 links the parts (a rope) instead of copying them.
      reason = reason === '' ? this.#messageOf(q) : `${reason}; ${this.#messageOf(q)}`;
    }
    return reason;
  }
}
