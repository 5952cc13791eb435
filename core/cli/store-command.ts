/**
 * `trellis store repair`: the recovery command for a damaged run store (see
 * runstore/repair.ts). It reads only the configuration, never the store
 * through the workspace, since opening a damaged store is what fails.
 *
 * @example
 * await store(ctx, {}, ['repair']); // 0, printing what was salvaged
 */
import { loadConfig } from '../project.ts';
import { runStorePath } from '../config.ts';
import { repairStore } from '../runstore/repair.ts';
import { UsageError } from '../errors.ts';
import { formatRepair } from './console.ts';
import type { CommandContext, Flags } from './commands.ts';

export async function store(ctx: CommandContext, _flags: Flags, args: readonly string[]): Promise<number> {
  if (args[0] !== 'repair' || args.length > 1) throw new UsageError(`usage: trellis store repair${args[0] ? ` (got '${args.join(' ')}')` : ''}`);
  const path = runStorePath(await loadConfig(ctx.projectDir, ctx.env));
  ctx.o.out(formatRepair(ctx.o, path, repairStore(path)));
  return 0;
}
