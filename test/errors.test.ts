/**
 * Errors as a user reads them: the fix on its own line, never inside the
 * message; user code wrapped once, with its original error kept whole.
 */
import { describe, expect, it } from 'vitest';
import { AssetError, TrellisError, UsageError, describeError, userCode } from '../core/index.ts';

describe('describeError', () => {
  it('prints the fix under the message, and keeps the message free of it', () => {
    const error = new UsageError("no run '9'", { fix: '`trellis runs` lists the runs' });
    expect(error.message).toBe("no run '9'");
    expect(error.fix).toBe('`trellis runs` lists the runs');
    expect(describeError(error)).toBe("no run '9'\n    fix: `trellis runs` lists the runs");
  });

  it('adds the stack of every cause only when asked', () => {
    const root = new Error('Binder Error: column "x" not found');
    const wrapped = new AssetError('marts.revenue', root, { phase: 'sql' });
    expect(describeError(wrapped)).toBe('running the SQL of marts.revenue failed: Binder Error: column "x" not found');
    const debug = describeError(wrapped, { stack: true });
    expect(debug).toContain('caused by: Error: Binder Error');
    expect(debug).toContain('errors.test.ts');
  });

  it('prints anything thrown, errors or not', () => {
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError(new Error('boom'))).toBe('boom');
  });
});

describe('userCode, the one boundary around user code', () => {
  it('wraps a failure once, keeping the original error and its stack as the cause', async () => {
    const original = new RangeError('index 7 out of range\nat line 2 of the input');
    const error = await userCode('carttrend_clean.Clients', () => { throw original; }, { phase: 'materialize', file: 'assets/x.ts' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssetError);
    const asset = error as AssetError;
    expect(asset.message).toBe('materializing carttrend_clean.Clients failed: index 7 out of range');
    expect(asset.cause).toBe(original);
    expect((asset.cause as Error).stack).toContain('errors.test.ts');
    expect(asset).toMatchObject({ asset: 'carttrend_clean.Clients', phase: 'materialize', file: 'assets/x.ts', retryable: true, exitCode: 1 });
  });

  it('does not wrap twice what the asset already wrapped for itself', async () => {
    const own = new AssetError('m.forecast', new Error('too short'), { fix: 'load more history', retryable: false });
    const error = await userCode('m.forecast', async () => { throw own; }, { phase: 'materialize' }).catch((e: unknown) => e);
    expect(error).toBe(own);
    expect((error as AssetError).fix).toBe('load more history');
  });

  it('returns what the code returns', async () => {
    await expect(userCode('a.b', async () => 42)).resolves.toBe(42);
    expect(new TrellisError('x').fix).toBeUndefined();
  });
});
