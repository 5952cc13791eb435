/**
 * Loads the dashboards of a project: every `.ts` module under `dashboards/`,
 * each exporting one or more `defineDashboard(...)` specs, validated against
 * the graph. Problems join the project's, so a bad spec fails loading like a
 * bad SQL model, naming the file and the fix.
 *
 * @example
 * const dashboards = await loadDashboards(projectDir, graph, problems);
 * dashboards[0].spec.title // 'Ventes - Chiffres'
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../errors.ts';
import type { AssetGraph } from '../graph.ts';
import { importModule } from '../project.ts';
import { isDashboardDeclaration, type DashboardDefinition } from './spec.ts';
import { validateDashboard } from './validate.ts';

export const DASHBOARDS_DIR = 'dashboards';

export async function loadDashboards(projectDir: string, graph: AssetGraph, problems: Problem[]): Promise<DashboardDefinition[]> {
  const dir = path.join(projectDir, DASHBOARDS_DIR);
  if (!fs.existsSync(dir)) return [];
  const files = fs.readdirSync(dir).filter((f) => /\.[cm]?ts$/.test(f) && !f.endsWith('.d.ts')).sort();
  const out: DashboardDefinition[] = [];
  const seen = new Map<string, string>();
  for (const name of files) {
    const file = path.join(DASHBOARDS_DIR, name);
    let exports: Record<string, unknown>;
    try {
      exports = await importModule(path.join(dir, name), projectDir);
    } catch (error) {
      problems.push({ file, message: `cannot load: ${(error as Error).message.split('\n')[0]}`, fix: 'fix the error in this module' });
      continue;
    }
    const specs = Object.values(exports).filter(isDashboardDeclaration);
    if (!specs.length) problems.push({ file, message: 'exports no dashboard', fix: 'export default defineDashboard({ id, title, charts })' });
    for (const decl of new Set(specs)) {
      const def = validateDashboard(decl.spec, file, graph, problems);
      if (!def) continue;
      const other = seen.get(def.spec.id);
      if (other) {
        problems.push({ file, message: `dashboard id '${def.spec.id}' is also declared in ${other}`, fix: 'give each dashboard its own id' });
        continue;
      }
      seen.set(def.spec.id, file);
      out.push(def);
    }
  }
  return out;
}
