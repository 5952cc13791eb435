/**
 * Validation of what arrives from the network: query parameters, path
 * parameters and asset keys. Every refusal is a 400 (or 404 for an unknown
 * key or run) that names the parameter and what it accepts.
 *
 * @example
 * const query = readQuery(req, ['limit', 'offset']);
 * const limit = intParam(query, 'limit', { min: 1, max: 1000, fallback: 50 });
 */
import type { Request } from 'express';
import { didYouMean } from '../errors.ts';
import type { AssetGraph } from '../graph.ts';
import { HttpError } from './http-error.ts';

export type Query = Readonly<Record<string, string | undefined>>;

/** The query as single strings; unknown or repeated parameters are refused. */
export function readQuery(req: Request, allowed: readonly string[]): Query {
  const raw = req.query as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!allowed.includes(name)) {
      const hint = didYouMean(name, allowed);
      throw new HttpError(400, `unknown query parameter '${name}'${hint ? `; ${hint}` : ''}` +
        ` (${allowed.length ? `this endpoint takes ${allowed.map((a) => `'${a}'`).join(', ')}` : 'this endpoint takes none'})`);
    }
    if (typeof value !== 'string') throw new HttpError(400, `query parameter '${name}' must be given once, as plain text`);
    out[name] = value;
  }
  return out;
}

/** An integer parameter in [min, max], or `fallback` when absent. */
export function intParam(query: Query, name: string, o: { min: number; max: number; fallback: number }): number {
  const text = query[name];
  if (text === undefined) return o.fallback;
  const n = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < o.min || n > o.max) {
    throw new HttpError(400, `'${name}' must be an integer from ${o.min} to ${o.max}, got '${text}'`);
  }
  return n;
}

/** One of `allowed`, or undefined when absent. */
export function enumParam<T extends string>(query: Query, name: string, allowed: readonly T[]): T | undefined {
  const text = query[name];
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new HttpError(400, `'${name}' must be one of ${allowed.join(', ')}, got '${text}'`);
  }
  return text as T;
}

/** A key of the graph, else 404 with the nearest keys. */
export function knownKey(graph: AssetGraph, key: string): string {
  if (graph.has(key)) return key;
  const hint = didYouMean(key, graph.keys);
  throw new HttpError(404, `no asset '${key}'${hint ? `; ${hint}` : ''} (GET /api/assets lists every key)`);
}

/** A run id from the path: a positive integer, else 404 (no such run can exist). */
export function runIdParam(text: string | undefined): number {
  const id = /^\d+$/.test(text ?? '') ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new HttpError(404, `no run '${text ?? ''}': run ids are positive integers (GET /api/runs lists the runs)`);
  return id;
}
