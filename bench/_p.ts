import { planBenchmark } from './planning.ts';
for (const n of [1000, 10000, 100000]) { const r = planBenchmark(n, 2); console.log(n, r.ms.toFixed(0), 'ms', r.toRun, 'to run'); }
