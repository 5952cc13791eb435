/**
 * A project's sample data: a generator the project declares in a module
 * named by `sampleData` in trellis.config.ts, so that `trellis demo-data`
 * and `trellis demo` work for any project and the CLI knows none. The module
 * is loaded only by those commands (a generator may bring heavy packages).
 *
 * @example
 * // assets/shop/sample-data.ts
 * export default defineSampleData({
 *   description: 'three sample CSV files',
 *   formats: ['csv'],
 *   dataDir: ({ projectDir }) => path.join(projectDir, 'data'),
 *   generate: async ({ outDir, scale, seed }) => ({ files: [...], rows: { orders: 1000 } }),
 * });
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SourceEnv } from './definitions.ts';
import { UsageError } from './errors.ts';
import { importModule } from './project.ts';
import type { TrellisConfig } from './config.ts';

export interface SampleDataRequest {
  readonly outDir: string;
  readonly scale: number;
  readonly seed: number;
  readonly format: string;
}

export interface SampleDataWritten {
  readonly files: readonly string[];
  /** Rows written per table or file. */
  readonly rows: Readonly<Record<string, number>>;
}

export interface SampleData {
  /** What is written, e.g. 'the ten Carttrend sample workbooks'. */
  readonly description: string;
  /** The file formats `--format` accepts; the first is the default. */
  readonly formats: readonly string[];
  /** Where the project's sources read their files (and where the sample goes by default). */
  dataDir(env: SourceEnv): string;
  generate(request: SampleDataRequest): Promise<SampleDataWritten>;
}

const SAMPLE = Symbol.for('trellis.sampleData');

export function defineSampleData(spec: SampleData): SampleData {
  return Object.assign({ [SAMPLE]: true }, spec);
}

/** The project's sample data generator; a UsageError saying how to declare one when it has none. */
export async function loadSampleData(config: TrellisConfig, projectDir: string): Promise<SampleData> {
  if (!config.sampleData) {
    throw new UsageError('this project declares no sample data', {
      fix: "name a module in trellis.config.ts, e.g. sampleData: 'assets/sample-data.ts', whose default export is defineSampleData({ ... })" });
  }
  const file = path.resolve(projectDir, config.sampleData);
  if (!fs.existsSync(file)) {
    throw new UsageError(`the sample data module ${config.sampleData} does not exist`, { fix: 'fix `sampleData` in trellis.config.ts' });
  }
  const spec = (await importModule(file, projectDir)).default as (SampleData & { [SAMPLE]?: true }) | undefined;
  if (!spec?.[SAMPLE]) {
    throw new UsageError(`${config.sampleData} has no sample data as its default export`, { fix: 'end it with `export default defineSampleData({ ... })`' });
  }
  return spec;
}
