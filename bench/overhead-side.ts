/**
 * One side of the overhead benchmark, run in a fresh process so that neither
 * side inherits the other's heap: `direct` or `trellis`, then the project dir
 * and a warehouse file. Prints `{"ms": …}`.
 */
import { directBaseline, trellisMaterializeAll } from './overhead.ts';

const [side, projectDir, warehouse] = process.argv.slice(2);
const ms = side === 'direct'
  ? await directBaseline(projectDir!, process.env, warehouse!)
  : await trellisMaterializeAll(projectDir!, process.env);
process.stdout.write(`${JSON.stringify({ ms })}\n`);
