// The source: a CSV file in data/, which the warehouse reads itself (DuckDB's
// read_csv) into raw.orders. Its data version is the file's content hash, so
// editing the file makes everything downstream stale (`npx trellis list` says why).
import { acceptedValues, defineSource, notNull, unique } from 'trellis';

export const orders = defineSource({
  key: 'raw.orders',
  description: 'Orders, one row each, as exported by the shop.',
  files: () => ['data/orders.csv'],
  format: 'csv',
  checks: [notNull('order_id'), unique('order_id'), acceptedValues('status', ['paid', 'refunded'])],
});
