/**
 * A cache of loaded SQL models, so that commands on an unchanged project
 * neither load nunjucks and yaml nor render every template (about 150 ms of
 * a no-op `trellis materialize`). The key is a hash of every model and
 * schema file's content, the loader's inputs and every framework module
 * (any of them may change a rendering or a code version); any edit misses.
 *
 * @example
 * const result = loadSqlModelsCached(dir, options, '.trellis/cache/sql-models.json');
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AssetDefinition } from './definitions.ts';
import { frameworkStamp, hashOf, stableJson } from './hash.ts';
import { buildCheck } from './schema-file.ts';
import { loadSqlModels, type ResolvedTest, type SqlLoadOptions, type SqlLoadResult } from './sql-models.ts';
import type { CheckDefinition } from './checks.ts';

/** Bump when the cached shape changes. */
const FORMAT = 1;

interface CachedModel {
  readonly definition: Omit<AssetDefinition, 'checks'>;
  readonly tests: readonly ResolvedTest[];
}

function fingerprint(projectDir: string, options: SqlLoadOptions): string {
  const dir = path.join(projectDir, options.sqlDir ?? 'sql');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(sql|ya?ml)$/.test(f)).sort() : [];
  return hashOf(String(FORMAT), frameworkStamp(), options.dialect.name,
    // A dialect's relation names carry its configuration (BigQuery's dataset prefix).
    options.dialect.relation('schema', 'name'), options.defaultSchema ?? '', options.sqlDir ?? 'sql',
    stableJson([...(options.externalKeys ?? [])].sort()),
    ...files.flatMap((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

export function loadSqlModelsCached(projectDir: string, options: SqlLoadOptions, cacheFile: string): SqlLoadResult {
  const key = fingerprint(projectDir, options);
  try {
    const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { key: string; models: CachedModel[] };
    if (cached.key === key) return fromCache(cached.models);
  } catch { /* no cache, or unreadable: load */ }
  const result = loadSqlModels(projectDir, options);
  if (result.problems.length === 0) {
    const models: CachedModel[] = result.definitions.map(({ checks: _checks, ...definition }) => ({
      definition, tests: result.tests.get(definition.key) ?? [],
    }));
    writeCache(cacheFile, JSON.stringify({ key, models }));
  }
  return result;
}

/** Best effort: a cache that cannot be written (disk full, read-only state directory) only costs the next load. */
function writeCache(cacheFile: string, text: string): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, cacheFile);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

function fromCache(models: readonly CachedModel[]): SqlLoadResult {
  const definitions = models.map(({ definition, tests }): AssetDefinition => ({
    ...definition,
    checks: tests.map(({ spec, to }) => buildCheck(spec, () => to)).filter((c): c is CheckDefinition => 'type' in c),
  }));
  return { definitions, problems: [], tests: new Map(models.map((m) => [m.definition.key, m.tests])) };
}
