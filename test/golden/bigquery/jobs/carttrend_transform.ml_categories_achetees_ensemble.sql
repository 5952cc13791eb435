-- load job: NEWLINE_DELIMITED_JSON upload into carttrend_transform.ml_categories_achetees_ensemble__trellis_staged (WRITE_TRUNCATE, schema support FLOAT64, itemsets STRING, nb_categories INT64, nb_clients INT64)

SELECT (count(`itemsets`) - count(DISTINCT `itemsets`)) AS c0, COUNTIF(`support` IS NULL) AS c1 FROM `carttrend_transform.ml_categories_achetees_ensemble__trellis_staged`
;

WITH wanted AS (SELECT DISTINCT itemsets AS set_key FROM `carttrend_transform.ml_categories_achetees_ensemble__trellis_staged`),
    basket_items AS (SELECT DISTINCT b.id_client AS basket, item FROM `carttrend_clean.mart_Apriori_Combinaisons_Produits` AS b, UNNEST(b.categories) AS item),
    basket_kinds AS (SELECT basket, STRING_AGG(item, ' - ' ORDER BY item) AS kind FROM basket_items GROUP BY basket),
    kinds AS (SELECT kind, count(*) AS weight FROM basket_kinds GROUP BY kind),
    kind_items AS (SELECT DISTINCT k.kind, piece FROM kinds AS k, UNNEST(SPLIT(k.kind, ' - ')) AS piece),
    total AS (SELECT count(*) AS n FROM `carttrend_clean.mart_Apriori_Combinaisons_Produits`),
    set_items AS (SELECT DISTINCT w.set_key, piece FROM wanted AS w, UNNEST(SPLIT(w.set_key, ' - ')) AS piece),
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
      GROUP BY z.set_key)
    SELECT s.itemsets, s.support, s.nb_clients, c.c AS recount, SAFE_DIVIDE(c.c, t.n) AS recount_support
    FROM `carttrend_transform.ml_categories_achetees_ensemble__trellis_staged` AS s CROSS JOIN total AS t LEFT JOIN counted AS c ON c.set_key = s.itemsets
    WHERE s.support IS NULL OR s.support < 0 OR s.support > 1 OR s.nb_clients IS DISTINCT FROM c.c
      OR abs(s.support - SAFE_DIVIDE(c.c, t.n)) > 1e-12
    ORDER BY s.itemsets
;

SELECT (SELECT count(*) FROM `carttrend_transform.ml_categories_achetees_ensemble__trellis_staged`) AS rows, (SELECT count(*) FROM `carttrend_clean.mart_Apriori_Combinaisons_Produits`) AS baskets
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_transform.ml_categories_achetees_ensemble__trellis_staged` AS t
;

-- copy job: carttrend_transform.ml_categories_achetees_ensemble__trellis_staged -> carttrend_transform.ml_categories_achetees_ensemble (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_transform.ml_categories_achetees_ensemble__trellis_staged`
;
