/**
 * Retry timing: how long to wait after a failed attempt, and whether that
 * wait is short enough to sleep inside the run (holding the warehouse) or
 * must be deferred to a later run that the daemon launches.
 *
 * @example
 * const policy = { maxRetries: 3, delayMs: 1000, backoff: 2 };
 * retryDelayMs(policy, 1) // 1000 after the first attempt
 * retryDelayMs(policy, 3) // 4000 after the third
 * retryDelayMs({ ...policy, strategy: 'linear' }, 3) // 3000
 * isDeferred({ maxRetries: 1, delayMs: 30 * 60_000, backoff: 1 }, 30 * 60_000) // true: Airflow's 30 minutes
 */
import type { RetryPolicy } from '../definitions.ts';

/** Waits longer than this are deferred to a new run unless the policy says otherwise. */
export const DEFAULT_DEFER_ABOVE_MS = 60_000;

/** The wait after attempt `failedAttempt` (1 = the first) failed; `random` in [0, 1) spreads it by the jitter. */
export function retryDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number = Math.random): number {
  const n = Math.max(1, failedAttempt);
  const base = policy.strategy === 'linear' ? policy.delayMs * n : policy.delayMs * policy.backoff ** (n - 1);
  const jitter = policy.jitter ?? 0;
  return Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))));
}

/** Whether a wait of `delayMs` is too long to hold the warehouse for. */
export function isDeferred(policy: RetryPolicy, delayMs: number): boolean {
  return delayMs > (policy.deferAboveMs ?? DEFAULT_DEFER_ABOVE_MS);
}
