/**
 * The Carttrend sample data for `trellis demo-data` and `trellis demo`:
 * the ten workbooks of DATA.md, generated into the folder the sources read.
 */
import { defineSampleData } from '../../core/index.ts';
import { carttrendDataDir } from './sources.ts';
import { generateDemoData, type DemoFormat } from './demo-data/index.ts';

export default defineSampleData({
  description: 'the ten Carttrend sample workbooks',
  formats: ['xlsx', 'csv'],
  dataDir: carttrendDataDir,
  generate: ({ outDir, scale, seed, format }) => generateDemoData({ outDir, scale, seed, format: format as DemoFormat }),
});
