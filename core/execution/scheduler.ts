/**
 * The scheduler: starts each step once its in-run dependencies are done, at
 * most `limit` at a time, ready steps in topological order. A step's own
 * failure is the step's business (it resolves with a failed result); a
 * rejection means the run itself broke (the run store failed, a bug). Then no
 * further step starts, `onFailure` is called (the run aborts its running
 * steps), and the promise rejects only once every started step has settled,
 * so that the caller never releases the warehouse or the lock under a
 * running step.
 *
 * @example
 * await schedule(steps, 2, (key) => graph.upstream(key).filter(inRun), runStep, () => controller.abort());
 */
import type { AssetKey } from '../keys.ts';

export async function schedule<S extends { readonly key: AssetKey }>(steps: readonly S[], limit: number,
  depsOf: (key: AssetKey) => readonly AssetKey[], work: (step: S) => Promise<void>,
  onFailure: (error: unknown) => void = () => {}): Promise<void> {
  const waiting = new Map(steps.map((s) => [s.key, depsOf(s.key).length] as const));
  const dependents = new Map<AssetKey, AssetKey[]>();
  for (const s of steps) for (const d of depsOf(s.key)) dependents.set(d, [...(dependents.get(d) ?? []), s.key]);
  const byKey = new Map(steps.map((s) => [s.key, s] as const));
  const order = new Map(steps.map((s, i) => [s.key, i] as const));
  const ready: AssetKey[] = steps.filter((s) => waiting.get(s.key) === 0).map((s) => s.key);
  let running = 0;
  let failure: { readonly error: unknown } | undefined;
  await new Promise<void>((resolve, reject) => {
    const settle = () => (failure ? reject(failure.error) : resolve());
    const pump = () => {
      if (failure || !ready.length) {
        if (running === 0) settle();
        return;
      }
      ready.sort((a, b) => order.get(a)! - order.get(b)!);
      while (running < limit && ready.length) {
        const key = ready.shift()!;
        running++;
        // `then` of a fresh promise: a step that throws synchronously is a rejection like any other.
        Promise.resolve().then(() => work(byKey.get(key)!)).then(() => {
          running--;
          for (const child of dependents.get(key) ?? []) {
            const left = waiting.get(child)! - 1;
            waiting.set(child, left);
            if (left === 0) ready.push(child);
          }
          pump();
        }, (error: unknown) => {
          running--;
          if (!failure) {
            failure = { error };
            try { onFailure(error); } catch { /* aborting is best effort; the first error is the one reported */ }
          }
          pump();
        });
      }
    };
    pump();
  });
}
