/**
 * Reading the 80,000-row orders workbook (scale 1): exceljs's streaming
 * reader against core's xlsx reader, in the same process, alternated, best
 * of 3 each. Both read every row of the sheet into values.
 *
 * @example
 * const { exceljsMs, readerMs, speedup } = await measureWorkbookRead('data/raw/Carttrend_Commandes.xlsx');
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openXlsx } from '../core/index.ts';

async function readWithExceljs(file: string): Promise<number> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore',
  });
  let cells = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet) cells += (row.values as unknown[]).length - 1;
  }
  return cells;
}

async function readWithCore(file: string): Promise<number> {
  const book = await openXlsx(file);
  let cells = 0;
  for (const sheet of book.sheets) {
    for await (const row of book.rows(sheet)) cells += row.values.length;
  }
  return cells;
}

async function time(read: (file: string) => Promise<number>, file: string): Promise<number> {
  const started = performance.now();
  await read(file);
  return performance.now() - started;
}

export async function measureWorkbookRead(file: string): Promise<{ exceljsMs: number; readerMs: number; speedup: number }> {
  await readWithExceljs(file); // warm-up: module loading and JIT, for both
  await readWithCore(file);
  let exceljsMs = Infinity;
  let readerMs = Infinity;
  for (let i = 0; i < 3; i++) {
    exceljsMs = Math.min(exceljsMs, await time(readWithExceljs, file));
    readerMs = Math.min(readerMs, await time(readWithCore, file));
  }
  return { exceljsMs, readerMs, speedup: exceljsMs / readerMs };
}

// Run directly (`node bin/run-ts.js bench/workbook.ts`), not when bench/index.ts imports it.
if (process.argv.slice(1).some((arg) => pathToFileURL(path.resolve(arg)).href === import.meta.url)) {
  const { generateDemoData } = await import('../assets/carttrend/demo-data/index.ts');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'trellis-bench-workbook-'));
  try {
    await generateDemoData({ outDir: dir, scale: 1, seed: 42 });
    const { exceljsMs, readerMs, speedup } = await measureWorkbookRead(path.join(dir, 'Carttrend_Commandes.xlsx'));
    console.log(`workbook_read_ms_exceljs: ${exceljsMs.toFixed(0)} ms`);
    console.log(`workbook_read_ms: ${readerMs.toFixed(0)} ms`);
    console.log(`workbook_read_speedup: ${speedup.toFixed(2)} x`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
