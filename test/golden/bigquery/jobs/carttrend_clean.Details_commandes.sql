CREATE OR REPLACE VIEW `carttrend_clean.Details_commandes__trellis_staged` AS -- Order lines: which product, how many, and whether it had special packaging.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_details_commandes_details_commandes_`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_commande AS STRING)), '')) AS id_commande,
        UPPER(NULLIF(TRIM(CAST(id_produit AS STRING)), '')) AS id_produit,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(quantite AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(quantite AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(quantite AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS quantite,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(emballage_special AS STRING)), NFD), r'\pM', '')) AS cle_emballage
    FROM brut
)

SELECT
    id_commande,
    id_produit,
    CASE WHEN quantite > 0 THEN quantite END AS quantite,
    CASE
        WHEN cle_emballage IN ('oui', 'yes', 'true', '1') THEN TRUE
        WHEN cle_emballage IN ('non', 'no', 'false', '0') THEN FALSE
    END AS emballage_special
FROM typees
WHERE id_commande IS NOT NULL
;

SELECT COUNTIF(`id_commande` IS NULL) AS c0, COUNTIF(`quantite` IS NOT NULL AND (`quantite` < 1)) AS c1, COUNTIF(`quantite` IS NULL) AS c2, COUNTIF((quantite IS NOT NULL) AND (NOT (quantite <= 100))) AS c3 FROM `carttrend_clean.Details_commandes__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Details_commandes__trellis_staged` AS child WHERE child.`id_commande` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Commandes` AS parent WHERE parent.`id_commande` = child.`id_commande`)) AS failing LIMIT 5
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Details_commandes__trellis_staged` AS child WHERE child.`id_produit` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Produits` AS parent WHERE parent.`id_produit` = child.`id_produit`)) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Details_commandes__trellis_staged` WHERE `quantite` IS NULL) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM (SELECT * FROM `carttrend_clean.Details_commandes__trellis_staged` WHERE quantite IS NOT NULL) WHERE NOT (quantite <= 100)) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Details_commandes` AS -- Order lines: which product, how many, and whether it had special packaging.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_details_commandes_details_commandes_`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_commande AS STRING)), '')) AS id_commande,
        UPPER(NULLIF(TRIM(CAST(id_produit AS STRING)), '')) AS id_produit,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(quantite AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(quantite AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(quantite AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS quantite,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(emballage_special AS STRING)), NFD), r'\pM', '')) AS cle_emballage
    FROM brut
)

SELECT
    id_commande,
    id_produit,
    CASE WHEN quantite > 0 THEN quantite END AS quantite,
    CASE
        WHEN cle_emballage IN ('oui', 'yes', 'true', '1') THEN TRUE
        WHEN cle_emballage IN ('non', 'no', 'false', '0') THEN FALSE
    END AS emballage_special
FROM typees
WHERE id_commande IS NOT NULL
;

DROP VIEW IF EXISTS `carttrend_clean.Details_commandes__trellis_staged`
;
