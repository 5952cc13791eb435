/**
 * `trellis init DIR [--name N] [--from PATH|SPEC]`: scaffolds a new project
 * in DIR (missing or empty) that depends on this Trellis, and prints the next
 * steps. The package name is DIR's folder name unless `--name` gives one.
 *
 * @example
 * await init(ctx, { from: '../trellis-0.1.0.tgz' }, ['demo']); // 0, demo/ written
 */
import path from 'node:path';
import { UsageError } from '../errors.ts';
import type { CommandContext, Flags } from './commands.ts';
import { str } from './commands.ts';
import { formatInitDone } from './console.ts';
import { scaffoldProject, trellisDependency } from './scaffold.ts';

export async function init(ctx: CommandContext, flags: Flags, args: readonly string[]): Promise<number> {
  const [target, ...extra] = args;
  if (!target || extra.length) {
    throw new UsageError(target ? `init takes one folder, got ${args.length}: ${args.join(' ')}` : 'init needs the folder of the new project',
      { fix: 'trellis init my-project' });
  }
  const dir = path.resolve(target);
  const name = str(flags, 'name') ?? path.basename(dir);
  const dependency = trellisDependency(dir, str(flags, 'from'));
  const files = scaffoldProject({ dir, name, dependency });
  ctx.o.out(formatInitDone(ctx.o, { dir: target, name, dependency, files }));
  return 0;
}
