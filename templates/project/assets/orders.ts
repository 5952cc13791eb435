// The source: a CSV file in data/, loaded into the warehouse as raw.orders.
// Its data version is the file's content hash, so editing the file makes
// everything downstream stale (`npx trellis list` says why).
import path from 'node:path';
import { acceptedValues, defineSource, notNull, quoteIdent, unique } from 'trellis';

const ORDERS_CSV = 'data/orders.csv';

export const orders = defineSource({
  key: 'raw.orders',
  description: 'Orders, one row each, as exported by the shop.',
  files: ({ projectDir }) => [path.join(projectDir, ORDERS_CSV)],
  async materialize(ctx) {
    const file = path.join(ctx.projectDir, ORDERS_CSV).replaceAll("'", "''");
    const target = `${quoteIdent(ctx.target.schema)}.${quoteIdent(ctx.target.name)}`;
    await ctx.warehouse.run(`CREATE TABLE ${target} AS SELECT * FROM read_csv('${file}', header = true)`);
  },
  checks: [notNull('order_id'), unique('order_id'), acceptedValues('status', ['paid', 'refunded'])],
});
