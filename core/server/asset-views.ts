/**
 * The API's view of assets: the graph with statuses (ApiGraph) and one
 * asset's page (ApiAssetDetail), built from the workspace exactly as the CLI
 * sees it (`trellis list`, `why`, `lineage`).
 *
 * @example
 * const graph = graphView(ws, 'group:marts');
 * graph.assets.map((a) => `${a.key} ${a.status}`);
 */
import fs from 'node:fs';
import path from 'node:path';
import { dashboardKey, dashboardStatus, selectInProject } from '../dashboards/lineage.ts';
import type { AssetDefinition } from '../definitions.ts';
import type { AssetKey } from '../keys.ts';
import type { StaleStatus } from '../staleness.ts';
import type { Workspace } from '../workspace.ts';
import type { ApiAsset, ApiAssetDetail, ApiCheck, ApiGraph, ApiLineageDashboard } from './api-types.ts';
import { runningKeys, settleRunningRuns } from './run-state.ts';
import { describeFreshness, evaluateFreshness } from '../ops/freshness.ts';
import { describeCondition } from '../ops/policies.ts';

function levels(ws: Workspace): Map<AssetKey, number> {
  const out = new Map<AssetKey, number>();
  ws.project.graph.levels.forEach((keys, level) => { for (const key of keys) out.set(key, level); });
  return out;
}

function toApiAsset(def: AssetDefinition, status: StaleStatus, running: boolean, level: number): ApiAsset {
  return {
    key: def.key, kind: def.kind, group: def.group, tags: def.tags, owners: def.owners, description: def.description,
    materialization: def.materialization, status: status.status, running,
    causes: status.causes.map((c) => c.message), level,
  };
}

/** `GET /api/assets[?select=S]`. `notice` tells about a project that could not be reloaded. */
export function graphView(ws: Workspace, select: string | undefined, notice?: string): ApiGraph {
  const { graph } = ws.project;
  const { statuses } = ws.status();
  const selected = select === undefined ? undefined : selectInProject(select, ws.project, () => statuses);
  const inProgress = settleRunningRuns(ws.store);
  const running = runningKeys(ws.store, inProgress);
  const level = levels(ws);
  const assets = graph.definitions().filter((d) => !selected || selected.assets.has(d.key))
    .map((d) => toApiAsset(d, statuses.get(d.key)!, running.has(d.key), level.get(d.key)!));
  const shown = new Set(assets.map((a) => a.key));
  const edges: Array<readonly [string, string]> = [];
  for (const key of shown) for (const up of graph.upstream(key)) if (shown.has(up)) edges.push([up, key]);
  const dashboards = (selected?.dashboards ?? ws.project.dashboards).map((d): ApiLineageDashboard => ({
    key: dashboardKey(d.spec.id), id: d.spec.id, title: d.spec.title, file: d.file,
    status: dashboardStatus(d, statuses), inputs: d.deps, level: 1 + Math.max(-1, ...d.deps.map((dep) => level.get(dep)!)),
  }));
  for (const d of dashboards) for (const input of d.inputs) if (shown.has(input)) edges.push([input, d.key]);
  return { assets, dashboards, edges, select: select ?? null, activeRun: inProgress[0] ?? null, ...(notice ? { notice } : {}) };
}

/** The declaring module's text, when it is a file inside the project. */
function sourceOf(ws: Workspace, def: AssetDefinition): ApiAssetDetail['source'] {
  if (def.kind === 'sql' || !def.file) return null;
  const file = path.resolve(ws.project.dir, def.file);
  if (path.relative(ws.project.dir, file).startsWith('..')) return null;
  try {
    return { file: def.file, text: fs.readFileSync(file, 'utf8') };
  } catch {
    return null;
  }
}

/** `GET /api/assets/:key` for a key known to be in the graph. */
export function assetView(ws: Workspace, key: AssetKey, now: Date = new Date()): ApiAssetDetail {
  const { graph } = ws.project;
  const def = graph.get(key);
  const status = ws.status().statuses.get(key)!;
  const latest = new Map(ws.store.latestCheckResults(key).map((c) => [c.check, c] as const));
  const checks: ApiCheck[] = def.checks.map((c) => ({
    name: c.name, severity: c.severity, description: c.description ?? null, latest: latest.get(c.name) ?? null,
  }));
  return {
    ...toApiAsset(def, status, runningKeys(ws.store, settleRunningRuns(ws.store)).has(key), levels(ws).get(key)!),
    file: def.file ?? null,
    upstream: graph.upstream(key), downstream: graph.downstream(key),
    sql: def.kind === 'sql' && def.sql !== undefined ? { dialect: ws.project.dialect.name, rendered: def.sql } : null,
    source: sourceOf(ws, def),
    columns: def.columns, checks,
    history: ws.store.materializationHistory(key, 50),
    codeVersion: def.codeVersion,
    freshness: def.freshness ? { policy: describeFreshness(def.freshness), ...evaluateFreshness(def.freshness, ws.store.materializationHistory(key, 1)[0]?.createdAt, now) } : null,
    automation: def.automation?.length ? { conditions: def.automation.map(describeCondition), latest: ws.store.ops.decisions().get(key) ?? null } : null,
  };
}
