/**
 * The association tables' validation gates: every support published must
 * lie in [0, 1] and equal an exact count over the baskets, recounted in SQL
 * on the mart (independently of node-apriori and of the TypeScript that
 * converted its counts); rule confidences and lifts must follow from those
 * counts. DuckDB SQL (`list_has_all`, `string_split`).
 *
 * @example
 * customCheck('supports_match_recount', ({ warehouse, relation }) => verifyItemsetSupports(warehouse, relation, mart))
 */
import type { CheckOutcome, Row, WarehouseSession } from '../../../core/index.ts';
import { ITEM_SEPARATOR } from './apriori-display.ts';

const TOLERANCE = 1e-12;
const separator = `'${ITEM_SEPARATOR.replaceAll("'", "''")}'`;
const itemsOf = (label: string): string => `list_sort(string_split(${label}, ${separator}))`;

function baskets(mart: string): string {
  return `baskets AS (SELECT list_distinct(categories) AS items FROM ${mart}),
    total AS (SELECT count(*) AS n FROM baskets)`;
}

/** The SQL returning the itemsets of `relation` whose support or client count is not the recount over `mart`. */
export function itemsetMismatchSql(relation: string, mart: string): string {
  return `WITH ${baskets(mart)},
    counted AS (
      SELECT s.itemsets, s.support, s.nb_clients, count(b.items) AS recount
      FROM ${relation} AS s LEFT JOIN baskets AS b ON list_has_all(b.items, ${itemsOf('s.itemsets')})
      GROUP BY s.itemsets, s.support, s.nb_clients)
    SELECT c.itemsets, c.support, c.nb_clients, c.recount, c.recount / t.n AS recount_support
    FROM counted AS c CROSS JOIN total AS t
    WHERE c.support IS NULL OR c.support < 0 OR c.support > 1 OR c.nb_clients IS DISTINCT FROM c.recount
      OR abs(c.support - c.recount / t.n) > ${TOLERANCE}
    ORDER BY c.itemsets`;
}

/** The SQL returning the rules of `relation` whose supports, confidence or lift disagree with recounts over `mart`. */
export function ruleMismatchSql(relation: string, mart: string): string {
  const a = itemsOf('r.antecedents');
  const b = itemsOf('r.consequents');
  return `WITH ${baskets(mart)},
    sets AS (
      SELECT ${itemsOf('antecedents')} AS items FROM ${relation}
      UNION SELECT ${itemsOf('consequents')} FROM ${relation}
      UNION SELECT list_sort(list_concat(${itemsOf('antecedents')}, ${itemsOf('consequents')})) FROM ${relation}),
    counted AS (
      SELECT s.items, count(b.items) AS c FROM sets AS s LEFT JOIN baskets AS b ON list_has_all(b.items, s.items)
      GROUP BY s.items),
    checked AS (
      SELECT r.antecedents, r.consequents, r.support, r.confidence, r.lift,
        ca.c / t.n AS recount_antecedent_support, cb.c / t.n AS recount_consequent_support, cu.c / t.n AS recount_support,
        r.antecedent_support, r.consequent_support, cu.c / ca.c AS recount_confidence, cu.c * t.n / (ca.c * cb.c) AS recount_lift
      FROM ${relation} AS r CROSS JOIN total AS t
      LEFT JOIN counted AS ca ON ca.items = ${a}
      LEFT JOIN counted AS cb ON cb.items = ${b}
      LEFT JOIN counted AS cu ON cu.items = list_sort(list_concat(${a}, ${b})))
    SELECT * FROM checked
    WHERE recount_support IS NULL OR recount_support = 0 OR support < 0 OR support > 1 OR confidence < 0 OR confidence > 1
      OR abs(support - recount_support) > ${TOLERANCE}
      OR abs(antecedent_support - recount_antecedent_support) > ${TOLERANCE}
      OR abs(consequent_support - recount_consequent_support) > ${TOLERANCE}
      OR abs(confidence - recount_confidence) > ${TOLERANCE}
      OR abs(lift - recount_lift) > ${TOLERANCE} * greatest(1, recount_lift)
    ORDER BY antecedents, consequents`;
}

async function verify(session: WarehouseSession, relation: string, mart: string, what: string,
  mismatchSql: string, describe: (row: Row) => string): Promise<CheckOutcome> {
  const failing = await session.query(mismatchSql);
  const [{ rows, baskets: n } = {}] = await session.query(
    `SELECT (SELECT count(*) FROM ${relation}) AS rows, (SELECT count(*) FROM ${mart}) AS baskets`);
  const figures = { [what]: Number(rows), baskets: Number(n), mismatches: failing.length };
  if (failing.length === 0) {
    return { passed: true, message: `all ${rows} ${what} have supports in [0, 1] equal to an exact recount over ${n} baskets of ${mart}`,
      failingCount: 0, metadata: figures };
  }
  return {
    passed: false, failingCount: failing.length, sample: failing.slice(0, 5), metadata: figures,
    message: `${failing.length} of ${rows} ${what} disagree with an exact recount over ${n} baskets of ${mart}: ` +
      failing.slice(0, 3).map(describe).join('; '),
  };
}

/** Gate of the itemsets table: supports and client counts equal the recount, supports in [0, 1]. */
export function verifyItemsetSupports(session: WarehouseSession, relation: string, mart: string): Promise<CheckOutcome> {
  return verify(session, relation, mart, 'itemsets', itemsetMismatchSql(relation, mart),
    (r) => `'${r.itemsets}' support ${r.support} (${r.nb_clients} clients) vs ${r.recount_support} (${r.recount}) recounted`);
}

/** Gate of the rules table: supports, confidence and lift follow from recounts. */
export function verifyRuleSupports(session: WarehouseSession, relation: string, mart: string): Promise<CheckOutcome> {
  return verify(session, relation, mart, 'rules', ruleMismatchSql(relation, mart),
    (r) => `'${r.antecedents}' -> '${r.consequents}' support ${r.support} vs ${r.recount_support}, ` +
      `confidence ${r.confidence} vs ${r.recount_confidence}, lift ${r.lift} vs ${r.recount_lift}`);
}
