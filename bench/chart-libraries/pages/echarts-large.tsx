/** The ECharts page with `large: true` on the scatter: one path for all points instead of progressive rendering of one element each. */
import { echartsChart } from './echarts-chart.tsx';
import { mountBench } from './shell.tsx';

mountBench(echartsChart({ large: true }));
