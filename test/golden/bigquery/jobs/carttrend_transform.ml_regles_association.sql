-- load job: NEWLINE_DELIMITED_JSON upload into carttrend_transform.ml_regles_association__trellis_staged (WRITE_TRUNCATE, schema antecedents STRING, consequents STRING, antecedent_support FLOAT64, consequent_support FLOAT64, support FLOAT64, confidence FLOAT64, lift FLOAT64)

SELECT COUNTIF(`lift` IS NULL) AS c0 FROM `carttrend_transform.ml_regles_association__trellis_staged`
;

WITH wanted AS (SELECT antecedents AS set_key FROM `carttrend_transform.ml_regles_association__trellis_staged` UNION DISTINCT SELECT consequents FROM `carttrend_transform.ml_regles_association__trellis_staged`
      UNION DISTINCT SELECT concat(u.antecedents, ' - ', u.consequents) FROM `carttrend_transform.ml_regles_association__trellis_staged` AS u),
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
      GROUP BY z.set_key),
    checked AS (
      SELECT r.antecedents, r.consequents, r.support, r.confidence, r.lift,
        SAFE_DIVIDE(ca.c, t.n) AS recount_antecedent_support, SAFE_DIVIDE(cb.c, t.n) AS recount_consequent_support,
        SAFE_DIVIDE(cu.c, t.n) AS recount_support, r.antecedent_support, r.consequent_support,
        SAFE_DIVIDE(cu.c, ca.c) AS recount_confidence, SAFE_DIVIDE(cu.c * t.n, ca.c * cb.c) AS recount_lift
      FROM `carttrend_transform.ml_regles_association__trellis_staged` AS r CROSS JOIN total AS t
      LEFT JOIN counted AS ca ON ca.set_key = r.antecedents
      LEFT JOIN counted AS cb ON cb.set_key = r.consequents
      LEFT JOIN counted AS cu ON cu.set_key = concat(r.antecedents, ' - ', r.consequents))
    SELECT * FROM checked
    WHERE recount_support IS NULL OR recount_support = 0 OR support < 0 OR support > 1 OR confidence < 0 OR confidence > 1
      OR abs(support - recount_support) > 1e-12
      OR abs(antecedent_support - recount_antecedent_support) > 1e-12
      OR abs(consequent_support - recount_consequent_support) > 1e-12
      OR abs(confidence - recount_confidence) > 1e-12
      OR abs(lift - recount_lift) > 1e-12 * greatest(1, recount_lift)
    ORDER BY antecedents, consequents
;

SELECT (SELECT count(*) FROM `carttrend_transform.ml_regles_association__trellis_staged`) AS rows, (SELECT count(*) FROM `carttrend_clean.mart_Apriori_Combinaisons_Produits`) AS baskets
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_transform.ml_regles_association__trellis_staged` AS t
;

-- copy job: carttrend_transform.ml_regles_association__trellis_staged -> carttrend_transform.ml_regles_association (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_transform.ml_regles_association__trellis_staged`
;
