/** The ECharts page: the dashboards' own component and options (see echarts-chart.tsx). */
import { echartsChart } from './echarts-chart.tsx';
import { mountBench } from './shell.tsx';

mountBench(echartsChart());
