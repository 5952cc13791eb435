/**
 * The ids of the materializations a state was built from: written only where
 * they are exact, read back by row, and refused whole when the text is not
 * what the store writes (staleness then compares keys and versions).
 */
import { describe, expect, it } from 'vitest';
import { InputIds, formatInputIds, type CurrentState } from '../core/runstore/input-ids.ts';

const current = new Map<string, CurrentState>([['raw.a', [12, 'a1']], ['raw.b', [40, 'b1']], ['raw.late', [90, 'l1']]]);
const lookup = (key: string) => current.get(key);

describe('formatInputIds', () => {
  it('lists the upstream materialization read, after the own id', () => {
    expect(formatInputIds(57, ['raw.a', 'raw.b'], ['a1', 'b1'], lookup)).toBe('57,12,40');
    expect(formatInputIds(57, [], [], lookup)).toBe('57');
  });

  it('writes 0 where the upstream holds another version, has no state, or is newer than the state itself', () => {
    expect(formatInputIds(57, ['raw.a', 'raw.gone', 'raw.late'], ['a0', 'g1', 'l1'], lookup)).toBe('57,0,0,0');
  });
});

describe('InputIds.parse', () => {
  it('reads each row: its own id and the ids of its inputs', () => {
    const ids = InputIds.parse(3, '57,12,40;12;40,12')!;
    expect([...ids.own]).toEqual([57, 12, 40]);
    expect([...ids.start]).toEqual([0, 2, 2, 3]);
    expect([...ids.inputs]).toEqual([12, 40, 12]);
  });

  it('leaves the own id of a row written before ids unknown, so that it equals no input', () => {
    const ids = InputIds.parse(2, ';12')!;
    expect(Number.isNaN(ids.own[0])).toBe(true);
    expect(ids.own[1]).toBe(12);
    expect(InputIds.parse(1, '')!.start[1]).toBe(0);
  });

  it('reads an empty store, and ids beyond 32 bits', () => {
    expect(InputIds.parse(0, null)!.own).toHaveLength(0);
    expect(InputIds.parse(1, '5000000000,4999999999')!.inputs[0]).toBe(4_999_999_999);
  });

  it.each([
    ['no text for rows', 1, null],
    ['fewer rows than counted', 3, '1;2'],
    ['more rows than counted', 1, '1;2'],
    ['an empty input', 1, '57,,40'],
    ['a trailing comma', 1, '57,'],
    ['inputs without an own id', 1, ',12'],
    ['a character that is no id', 1, '57,1x'],
  ])('refuses %s', (_, count, text) => {
    expect(InputIds.parse(count, text)).toBeUndefined();
  });
});
