/**
 * dbt seeds: each CSV under the seed paths is a source asset the warehouse
 * loads itself (`loadFile`), keyed `<schema>.<file name>` where the schema is
 * the folder's `+schema` or the target schema.
 *
 * @example
 * dbtSeeds(project, { schema: 'main', shownFrom: root }) // [{ key: 'main.pays', kind: 'source', ... }]
 */
import fs from 'node:fs';
import path from 'node:path';
import { NO_RETRY, type AssetDefinition } from '../definitions.ts';
import { fileSourceLoader } from '../file-source.ts';
import { hashOf } from '../hash.ts';
import { formatKey } from '../keys.ts';
import { folderConfig, type DbtProject } from './project-file.ts';

/** Source definitions for the project's seeds. */
export function dbtSeeds(project: DbtProject, options: { readonly schema: string; readonly shownFrom: string }): AssetDefinition[] {
  const out: AssetDefinition[] = [];
  for (const seedPath of project.seedPaths) {
    const dir = path.join(project.dir, seedPath);
    if (!fs.existsSync(dir)) continue;
    for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.csv')).sort()) {
      const file = path.join(dir, rel);
      const config = folderConfig(project.seeds, project.name, path.dirname(rel).split(path.sep).filter((s) => s !== '.'));
      if (config.enabled === false) continue;
      const files = () => [file];
      out.push({
        key: formatKey({ schema: config.schema ?? options.schema, name: path.basename(rel, '.csv') }), kind: 'source', deps: [],
        group: 'seeds', tags: Object.fromEntries((config.tags ?? []).map((t) => [t, ''])), owners: [], description: '',
        columns: [], checks: [], retry: NO_RETRY, materialization: 'table', file: path.relative(options.shownFrom, file),
        codeVersion: hashOf('dbt-seed', path.relative(project.dir, file)),
        files, materialize: fileSourceLoader(files, { format: 'csv' }),
      });
    }
  }
  return out;
}
