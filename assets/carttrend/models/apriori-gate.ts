/**
 * The association tables' validation gates: every support published must
 * lie in [0, 1] and equal an exact count over the baskets, recounted in SQL
 * on the mart (independently of node-apriori and of the TypeScript that
 * converted its counts); rule confidences and lifts must follow from those
 * counts. The SQL is portable: arrays and labels are exploded to rows with
 * the dialect's macros, and a set is in a basket when all its items are.
 *
 * @example
 * customCheck('supports_match_recount', ({ warehouse, dialect, relation, relationOf }) =>
 *   verifyItemsetSupports(warehouse, dialect, relation, relationOf(MART)))
 */
import type { CheckOutcome, Dialect, Row, WarehouseSession } from '../../../core/index.ts';
import { ITEM_SEPARATOR } from './apriori-display.ts';

const TOLERANCE = 1e-12;

/**
 * CTEs counting, for each label of `wanted(set_key)` (items joined by the
 * separator), the baskets of `mart` (one row per client) that hold every item;
 * `total(n)` is the number of baskets. Baskets with the same items are counted
 * once with a weight: there are a few hundred kinds of basket for 100,000
 * clients, so matching sets against kinds keeps the join small.
 */
function recountCtes(d: Dialect, mart: string, wanted: string): string {
  const { unnest_array, split_to_rows } = d.macros;
  const separator = d.stringLiteral(ITEM_SEPARATOR);
  return `wanted AS (${wanted}),
    basket_items AS (SELECT DISTINCT b.id_client AS basket, item FROM ${mart} AS b, ${unnest_array!('b.categories', 'item')}),
    basket_kinds AS (SELECT basket, STRING_AGG(item, ${separator} ORDER BY item) AS kind FROM basket_items GROUP BY basket),
    kinds AS (SELECT kind, count(*) AS weight FROM basket_kinds GROUP BY kind),
    kind_items AS (SELECT DISTINCT k.kind, piece FROM kinds AS k, ${split_to_rows!('k.kind', separator, 'piece')}),
    total AS (SELECT count(*) AS n FROM ${mart}),
    set_items AS (SELECT DISTINCT w.set_key, piece FROM wanted AS w, ${split_to_rows!('w.set_key', separator, 'piece')}),
    set_sizes AS (SELECT set_key, count(*) AS size FROM set_items GROUP BY set_key),
    matched AS (
      SELECT si.set_key, ki.kind, count(*) AS hits
      FROM set_items AS si JOIN kind_items AS ki ON ki.piece = si.piece
      GROUP BY si.set_key, ki.kind),
    counted AS (
      SELECT z.set_key, coalesce(sum(k.weight), 0) AS c
      FROM set_sizes AS z
      LEFT JOIN matched AS m ON m.set_key = z.set_key AND m.hits = z.size
      LEFT JOIN kinds AS k ON k.kind = m.kind
      GROUP BY z.set_key)`;
}

/** The SQL returning the itemsets of `relation` whose support or client count is not the recount over `mart`. */
export function itemsetMismatchSql(d: Dialect, relation: string, mart: string): string {
  const share = (count: string) => d.macros.safe_divide!(count, 't.n');
  return `WITH ${recountCtes(d, mart, `SELECT DISTINCT itemsets AS set_key FROM ${relation}`)}
    SELECT s.itemsets, s.support, s.nb_clients, c.c AS recount, ${share('c.c')} AS recount_support
    FROM ${relation} AS s CROSS JOIN total AS t LEFT JOIN counted AS c ON c.set_key = s.itemsets
    WHERE s.support IS NULL OR s.support < 0 OR s.support > 1 OR s.nb_clients IS DISTINCT FROM c.c
      OR abs(s.support - ${share('c.c')}) > ${TOLERANCE}
    ORDER BY s.itemsets`;
}

/** The SQL returning the rules of `relation` whose supports, confidence or lift disagree with recounts over `mart`. */
export function ruleMismatchSql(d: Dialect, relation: string, mart: string): string {
  const divide = d.macros.safe_divide!;
  const union = (r: string) => `concat(${r}.antecedents, ${d.stringLiteral(ITEM_SEPARATOR)}, ${r}.consequents)`;
  const wanted = `SELECT antecedents AS set_key FROM ${relation} UNION DISTINCT SELECT consequents FROM ${relation}
      UNION DISTINCT SELECT ${union('u')} FROM ${relation} AS u`;
  return `WITH ${recountCtes(d, mart, wanted)},
    checked AS (
      SELECT r.antecedents, r.consequents, r.support, r.confidence, r.lift,
        ${divide('ca.c', 't.n')} AS recount_antecedent_support, ${divide('cb.c', 't.n')} AS recount_consequent_support,
        ${divide('cu.c', 't.n')} AS recount_support, r.antecedent_support, r.consequent_support,
        ${divide('cu.c', 'ca.c')} AS recount_confidence, ${divide('cu.c * t.n', 'ca.c * cb.c')} AS recount_lift
      FROM ${relation} AS r CROSS JOIN total AS t
      LEFT JOIN counted AS ca ON ca.set_key = r.antecedents
      LEFT JOIN counted AS cb ON cb.set_key = r.consequents
      LEFT JOIN counted AS cu ON cu.set_key = ${union('r')})
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
export function verifyItemsetSupports(session: WarehouseSession, dialect: Dialect, relation: string, mart: string): Promise<CheckOutcome> {
  return verify(session, relation, mart, 'itemsets', itemsetMismatchSql(dialect, relation, mart),
    (r) => `'${r.itemsets}' support ${r.support} (${r.nb_clients} clients) vs ${r.recount_support} (${r.recount}) recounted`);
}

/** Gate of the rules table: supports, confidence and lift follow from recounts. */
export function verifyRuleSupports(session: WarehouseSession, dialect: Dialect, relation: string, mart: string): Promise<CheckOutcome> {
  return verify(session, relation, mart, 'rules', ruleMismatchSql(dialect, relation, mart),
    (r) => `'${r.antecedents}' -> '${r.consequents}' support ${r.support} vs ${r.recount_support}, ` +
      `confidence ${r.confidence} vs ${r.recount_confidence}, lift ${r.lift} vs ${r.recount_lift}`);
}
