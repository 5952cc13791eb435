/**
 * Builds the context an asset's materialize function receives.
 */
import type { AssetContext, AssetDefinition } from '../definitions.ts';
import type { AssetGraph } from '../graph.ts';
import { parseKey, type AssetKey, type Relation } from '../keys.ts';
import type { Logger } from '../log.ts';
import type { Warehouse, WarehouseSession } from '../warehouse/warehouse.ts';
import { runInWorker } from '../compute.ts';

export interface ContextParts {
  readonly def: AssetDefinition;
  readonly graph: AssetGraph;
  readonly warehouse: Warehouse;
  readonly session: WarehouseSession;
  readonly staged: Relation;
  readonly runId: number;
  readonly logicalDate: string;
  readonly attempt: number;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly metadata: Record<string, unknown>;
}

export interface BuildContext extends AssetContext {
  /** Whether the asset wrote its target through the context. */
  wroteTable(): boolean;
  /** The rows it wrote through the context, when it did (spares a recount). */
  rowsWritten(): number | undefined;
}

export function makeAssetContext(p: ContextParts): BuildContext {
  const { def, graph, warehouse, session, staged } = p;
  let written: number | undefined;
  const relation = (key: AssetKey): string => {
    if (key !== def.key && !graph.upstream(def.key).includes(key)) {
      throw new Error(`${def.key} reads ${key}, which is not among its deps; add it to \`deps\``);
    }
    const r = parseKey(key);
    return warehouse.dialect.relation(r.schema, r.name);
  };
  return {
    key: def.key,
    runId: p.runId,
    logicalDate: p.logicalDate,
    attempt: p.attempt,
    warehouse: session,
    target: staged,
    log: p.log,
    signal: p.signal,
    projectDir: p.projectDir,
    env: p.env,
    relation,
    read: (key) => session.query(`SELECT * FROM ${relation(key)}`),
    async exists(key) {
      relation(key); // the same rule as read(): its own key or a declared dep
      return (await warehouse.relationKind(parseKey(key))) !== undefined;
    },
    async writeTable(columns, rows) {
      written = await session.writeTable(staged, columns, rows);
      return written;
    },
    async loadFile(files, options) {
      const loaded = await session.loadFile(staged, typeof files === 'string' ? [files] : files, { signal: p.signal, ...options });
      written = loaded.rows;
      return written;
    },
    compute: (module, exportName, input) => runInWorker(module, exportName, input, p.signal),
    addMetadata(entries) {
      Object.assign(p.metadata, entries);
    },
    wroteTable: () => written !== undefined,
    rowsWritten: () => written,
  };
}
