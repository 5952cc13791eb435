/**
 * A source workbook replaced while a run reads it, through the real CLI: the
 * run pauses at the moment the workbook is opened (fault point
 * `source.read`), the test swaps in another workbook, and the run goes on.
 * The table holds one whole workbook, never a mix; the source is still stale
 * afterwards (its recorded version is the one planned, never newer than what
 * was read), so the next run reads it again and settles. A workbook cut
 * short mid-read fails with a message naming the file, the last good table
 * stays, and the next run recovers once the file is whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanupTemp, tempDir } from '../support/project.ts';
import { faultProject, killChildren, reached, release, type FaultProject } from './support.ts';

afterAll(cleanupTemp);
afterEach(killChildren);

const FILES = {
  'trellis.config.ts': 'export default { concurrency: 1, retry: { maxRetries: 0 } };\n',
  'assets/index.ts': `import path from 'node:path';
import { defineSource, openXlsx } from '@trellis';
const file = (env: NodeJS.ProcessEnv) => path.join(env.BOOK_DIR!, 'book.xlsx');
export const book = defineSource({ key: 'raw.book', files: ({ env }) => [file(env)], async materialize(ctx) {
  const wb = await openXlsx(file(ctx.env));
  const rows: Array<[string, number]> = [];
  let first = true;
  for await (const row of wb.rows(wb.sheets[0]!)) {
    if (first) { first = false; continue; }
    rows.push([String(row.values[0]), Number(row.values[1])]);
  }
  await ctx.writeTable([{ name: 'version', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' }], rows);
} });
`,
  'sql/marts/summary.sql': "{{ config(materialized='table', schema='marts') }}\nselect version, count(*) as n from {{ source('raw', 'book') }} group by version\n",
};

async function writeBook(file: string, version: string, rows: number): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  ws.addRow(['version', 'n']);
  for (let i = 0; i < rows; i++) ws.addRow([version, i]);
  const temporary = `${file}.tmp`;
  await wb.xlsx.writeFile(temporary);
  fs.renameSync(temporary, file); // as a sync tool or `cp` then `mv` would replace it
}

async function bookProject(): Promise<{ p: FaultProject; book: string; env: Record<string, string> }> {
  const dir = tempDir('trellis-book-');
  const book = path.join(dir, 'book.xlsx');
  await writeBook(book, 'old', 300);
  const p = faultProject(FILES);
  const env = { BOOK_DIR: dir };
  const first = await p.run(['materialize', '--json'], env);
  expect(first.code, first.stderr).toBe(0);
  return { p, book, env };
}

const summary = (p: FaultProject) => p.query('SELECT version, n FROM marts.summary ORDER BY version');

describe('a source workbook replaced mid-read', () => {
  it('publishes one whole workbook, and the next run reads the new one again and settles', async () => {
    const { p, book, env } = await bookProject();
    await writeBook(book, 'middle', 200);
    const pause = tempDir('trellis-pause-');
    const run = p.start(['materialize', '--json'], { ...env, TRELLIS_FAULTS: `source.read=pause:${pause}` });
    await reached(pause, 'source.read', run);
    await writeBook(book, 'new', 100);
    release(pause, 'source.read');
    const done = await run.exited;
    expect(done.code, done.stderr).toBe(0);
    expect(await summary(p)).toEqual([{ version: 'new', n: '100' }]);

    const listed = await p.run(['list', '--json'], env);
    expect(JSON.parse(listed.stdout).find((a: { key: string }) => a.key === 'raw.book').status).toBe('stale');
    const next = await p.run(['materialize', '--json'], env);
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout).assets.map((a: { key: string; decision: string }) => `${a.key} ${a.decision}`))
      // A source's version is its file's hash, so its downstream is rebuilt too (to the same data): conservative, never stale.
      .toEqual(['raw.book ran', 'marts.summary ran']);
    expect(await summary(p)).toEqual([{ version: 'new', n: '100' }]);
    const again = await p.run(['materialize'], env);
    expect(again.stdout).toContain('nothing to do');
  });

  it('a workbook cut short fails naming the file, keeps the last good table, and the next run recovers', async () => {
    const { p, book, env } = await bookProject();
    await writeBook(book, 'new', 100);
    const pause = tempDir('trellis-pause-');
    const run = p.start(['materialize'], { ...env, TRELLIS_FAULTS: `source.read=pause:${pause}` });
    await reached(pause, 'source.read', run);
    const whole = fs.readFileSync(book);
    fs.writeFileSync(book, whole.subarray(0, whole.length >> 1)); // overwritten in place, as a copy still in progress
    release(pause, 'source.read');
    const done = await run.exited;
    expect(done.code).toBe(1);
    expect(done.stdout).toContain(`✗ raw.book:`);
    expect(done.stdout).toContain(book);
    expect(await summary(p)).toEqual([{ version: 'old', n: '300' }]);
    fs.writeFileSync(book, whole);
    const next = await p.run(['materialize'], env);
    expect(next.code, next.stderr).toBe(0);
    expect(await summary(p)).toEqual([{ version: 'new', n: '100' }]);
  });
});
