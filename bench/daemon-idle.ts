/**
 * The daemon's idle CPU: `trellis daemon` as its own process on a small
 * project with a schedule that does not fire, sampled from
 * /proc/PID/stat (utime + stime) after it settled and again `seconds` later.
 *
 * @example
 * const { cpuMs, seconds } = await measureDaemonIdle(60);
 * console.log(`${(cpuMs / seconds).toFixed(2)} ms of CPU per second idle`);
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const TICKS_PER_S = 100; // USER_HZ on Linux

function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[14 - 3]) + Number(fields[15 - 3]); // utime + stime
}

export async function measureDaemonIdle(seconds = 60): Promise<{ cpuMs: number; seconds: number; ticks: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-daemon-'));
  const core = path.join(root, 'core/index.ts');
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  fs.writeFileSync(path.join(dir, 'trellis.config.ts'), `import { defineConfig } from '${core}';
export default defineConfig({ schedules: { yearly: { cron: '0 0 1 1 *' } } });\n`);
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets/index.ts'), `import { defineAsset } from '${core}';
export const a = defineAsset({ key: 'idle.a', automation: 'on_missing', freshness: { maxAgeHours: 26 },
  async materialize(ctx) { await ctx.writeTable([{ name: 'n', type: 'BIGINT' }], [[1]]); } });\n`);
  const child = spawn(process.execPath, [path.join(root, 'bin/trellis.js'), 'daemon', '--project', dir],
    { env: { ...process.env, TRELLIS_HOME: path.join(dir, '.trellis') }, stdio: ['ignore', 'pipe', 'pipe'] });
  let ticks = 0;
  child.stdout.on('data', (d: Buffer) => { ticks += d.toString().split('\n').filter(Boolean).length; });
  try {
    // Startup (loading TypeScript, the first tick materializing idle.a) is not idle.
    await new Promise((r) => setTimeout(r, 8000));
    if (child.exitCode !== null) throw new Error(`trellis daemon exited ${child.exitCode}`);
    const before = cpuTicks(child.pid!);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const after = cpuTicks(child.pid!);
    return { cpuMs: ((after - before) * 1000) / TICKS_PER_S, seconds, ticks };
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('close', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
