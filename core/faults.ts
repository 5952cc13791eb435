/**
 * Named fault points, for the fault-injection tests (test/faults) only. A
 * point does nothing unless `TRELLIS_FAULTS` names it; then it acts as its
 * value says:
 *
 * - `kill`: the process kills itself with SIGKILL (no cleanup, no `finally`),
 *   as a power cut or the OOM killer would;
 * - `throw`: it throws a FaultInjected error, as a failing disk or driver would;
 * - `pause:DIR`: it writes `DIR/<point>.reached` and blocks until
 *   `DIR/<point>.release` exists, so a test can act at that exact moment
 *   (replace a file, take a lock) and then let the process go on.
 *
 * Several points are separated by commas. Reading the environment once per
 * call keeps the cost of an unnamed point to one lookup.
 *
 * @example
 * // TRELLIS_FAULTS='publish.before-commit=kill' trellis materialize
 * faultPoint('publish.before-commit'); // here the process dies
 */
import fs from 'node:fs';
import path from 'node:path';
import { TrellisError } from './errors.ts';

/** Every point placed in the framework; a value naming another one is refused, so a typo cannot make a test pass. */
export const FAULT_POINTS = [
  'build.staged', // a table built under its temporary name, checks not yet run
  'publish.before-commit', // inside the publish transaction: old table dropped, new one renamed, not committed
  'publish.after-commit', // the new table is in; the run store does not know yet
  'runstore.before-finish', // the run's end about to be recorded
  'source.read', // a source workbook about to be read
] as const;

export type FaultPoint = (typeof FAULT_POINTS)[number];

/** The error a `throw` fault raises. */
export class FaultInjected extends TrellisError {
  override name = 'FaultInjected';
  override readonly exitCode = 1;
  constructor(readonly point: FaultPoint) {
    super(`fault injected at ${point} (TRELLIS_FAULTS)`, { fix: 'unset TRELLIS_FAULTS: it is for the fault-injection tests' });
  }
}

function actionFor(point: FaultPoint, spec: string): string | undefined {
  for (const part of spec.split(',')) {
    const at = part.indexOf('=');
    const name = part.slice(0, at).trim();
    if (!(FAULT_POINTS as readonly string[]).includes(name)) {
      throw new TrellisError(`TRELLIS_FAULTS names an unknown fault point '${name}'`, { fix: `use one of ${FAULT_POINTS.join(', ')}` });
    }
    if (name === point) return part.slice(at + 1).trim();
  }
  return undefined;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Acts out the fault named for `point` in TRELLIS_FAULTS, if any. */
export function faultPoint(point: FaultPoint, env: NodeJS.ProcessEnv = process.env): void {
  const spec = env.TRELLIS_FAULTS;
  if (!spec) return;
  const action = actionFor(point, spec);
  if (action === undefined) return;
  if (action === 'kill') {
    process.kill(process.pid, 'SIGKILL');
    for (;;) Atomics.wait(sleeper, 0, 0, 1000); // the signal is on its way: run nothing more
  }
  else if (action === 'throw') throw new FaultInjected(point);
  else if (action.startsWith('pause:')) {
    const dir = action.slice('pause:'.length);
    fs.writeFileSync(path.join(dir, `${point}.reached`), String(process.pid));
    // Blocking on purpose: nothing else in this process may move while the test acts.
    while (!fs.existsSync(path.join(dir, `${point}.release`))) Atomics.wait(sleeper, 0, 0, 20);
  } else {
    throw new TrellisError(`TRELLIS_FAULTS gives '${action}' for ${point}`, { fix: 'use kill, throw or pause:DIR' });
  }
}
