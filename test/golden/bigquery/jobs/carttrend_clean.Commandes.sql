CREATE OR REPLACE VIEW `carttrend_clean.Commandes__trellis_staged` AS -- Orders, one row per order: ids normalised, enumerations validated, dates checked.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_commandes_commandes`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_commande AS STRING)), '')) AS id_commande,
        UPPER(NULLIF(TRIM(CAST(id_client AS STRING)), '')) AS id_client,
        UPPER(NULLIF(TRIM(CAST(id_entrepot_depart AS STRING)), '')) AS id_entrepot,
        SAFE_CAST(SUBSTR(CAST(date_commande AS STRING), 1, 10) AS DATE) AS date_commande,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(statut_commande AS STRING)), NFD), r'\pM', '')) AS cle_statut,
        -- `PROM064`, `prom64` and `P064` are one promotion: `P064`, the form of Promotions.
        REGEXP_EXTRACT(UPPER(TRIM(CAST(id_promotion_appliquee AS STRING))), r'^P(?:ROM)?0*([0-9]+)$') AS numero_promotion,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(mode_de_paiement AS STRING)), NFD), r'\pM', '')) AS cle_paiement,
        NULLIF(TRIM(CAST(numero_tracking AS STRING)), '') AS numero_tracking,
        SAFE_CAST(SUBSTR(CAST(date_livraison_estimee AS STRING), 1, 10) AS DATE) AS date_livraison_estimee
    FROM brut
),

datees AS (
    SELECT
        t.*,
        CASE WHEN t.date_commande <= DATE '2026-01-15' THEN t.date_commande END AS commande_valide
    FROM typees AS t
)

SELECT
    d.id_commande,
    d.id_client,
    d.id_entrepot,
    d.commande_valide AS date_commande,
    CASE d.cle_statut
        WHEN 'en transit' THEN 'En transit'
        WHEN 'annulee' THEN 'Annulée'
        WHEN 'validee' THEN 'Validée'
        WHEN 'livree' THEN 'Livrée'
    END AS statut_commande,
    CASE
        WHEN LENGTH(d.numero_promotion) < 3 THEN 'P' || LPAD(d.numero_promotion, 3, '0')
        WHEN d.numero_promotion IS NOT NULL THEN 'P' || d.numero_promotion
    END AS id_promotion,
    CASE d.cle_paiement
        WHEN 'paypal' THEN 'PayPal'
        WHEN 'virement bancaire' THEN 'Virement bancaire'
        WHEN 'carte de credit' THEN 'Carte de crédit'
    END AS mode_de_paiement,
    d.numero_tracking,
    CASE
        WHEN d.commande_valide IS NULL OR d.date_livraison_estimee >= d.commande_valide
        THEN d.date_livraison_estimee
    END AS date_livraison_estimee
FROM datees AS d
WHERE d.id_commande IS NOT NULL
;

SELECT COUNTIF((date_livraison_estimee IS NOT NULL AND date_commande IS NOT NULL) AND (NOT (date_livraison_estimee >= date_commande))) AS c0, COUNTIF(`id_commande` IS NULL) AS c1, (count(`id_commande`) - count(DISTINCT `id_commande`)) AS c2, COUNTIF(`id_commande` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_commande` AS STRING), r'^CMD[0-9]{5,}$')) AS c3, COUNTIF(`id_client` IS NULL) AS c4, COUNTIF(`date_commande` IS NULL) AS c5, COUNTIF(`statut_commande` IS NOT NULL AND `statut_commande` NOT IN ('En transit', 'Annulée', 'Validée', 'Livrée')) AS c6, COUNTIF(`statut_commande` IS NULL) AS c7, COUNTIF(`id_promotion` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_promotion` AS STRING), r'^P[0-9]{3,}$')) AS c8, COUNTIF(`mode_de_paiement` IS NOT NULL AND `mode_de_paiement` NOT IN ('PayPal', 'Virement bancaire', 'Carte de crédit')) AS c9, COUNTIF(`date_livraison_estimee` IS NULL) AS c10 FROM `carttrend_clean.Commandes__trellis_staged`
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Commandes__trellis_staged` WHERE `id_client` IS NULL) AS failing LIMIT 5
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Commandes__trellis_staged` AS child WHERE child.`id_client` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Clients` AS parent WHERE parent.`id_client` = child.`id_client`)) AS failing LIMIT 5
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Commandes__trellis_staged` AS child WHERE child.`id_entrepot` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Entrepots` AS parent WHERE parent.`id_entrepot` = child.`id_entrepot`)) AS failing LIMIT 5
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Commandes__trellis_staged` AS child WHERE child.`id_promotion` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Promotions` AS parent WHERE parent.`id_promotion` = child.`id_promotion`)) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Commandes__trellis_staged` WHERE `date_livraison_estimee` IS NULL) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Commandes` AS -- Orders, one row per order: ids normalised, enumerations validated, dates checked.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_commandes_commandes`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_commande AS STRING)), '')) AS id_commande,
        UPPER(NULLIF(TRIM(CAST(id_client AS STRING)), '')) AS id_client,
        UPPER(NULLIF(TRIM(CAST(id_entrepot_depart AS STRING)), '')) AS id_entrepot,
        SAFE_CAST(SUBSTR(CAST(date_commande AS STRING), 1, 10) AS DATE) AS date_commande,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(statut_commande AS STRING)), NFD), r'\pM', '')) AS cle_statut,
        -- `PROM064`, `prom64` and `P064` are one promotion: `P064`, the form of Promotions.
        REGEXP_EXTRACT(UPPER(TRIM(CAST(id_promotion_appliquee AS STRING))), r'^P(?:ROM)?0*([0-9]+)$') AS numero_promotion,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(mode_de_paiement AS STRING)), NFD), r'\pM', '')) AS cle_paiement,
        NULLIF(TRIM(CAST(numero_tracking AS STRING)), '') AS numero_tracking,
        SAFE_CAST(SUBSTR(CAST(date_livraison_estimee AS STRING), 1, 10) AS DATE) AS date_livraison_estimee
    FROM brut
),

datees AS (
    SELECT
        t.*,
        CASE WHEN t.date_commande <= DATE '2026-01-15' THEN t.date_commande END AS commande_valide
    FROM typees AS t
)

SELECT
    d.id_commande,
    d.id_client,
    d.id_entrepot,
    d.commande_valide AS date_commande,
    CASE d.cle_statut
        WHEN 'en transit' THEN 'En transit'
        WHEN 'annulee' THEN 'Annulée'
        WHEN 'validee' THEN 'Validée'
        WHEN 'livree' THEN 'Livrée'
    END AS statut_commande,
    CASE
        WHEN LENGTH(d.numero_promotion) < 3 THEN 'P' || LPAD(d.numero_promotion, 3, '0')
        WHEN d.numero_promotion IS NOT NULL THEN 'P' || d.numero_promotion
    END AS id_promotion,
    CASE d.cle_paiement
        WHEN 'paypal' THEN 'PayPal'
        WHEN 'virement bancaire' THEN 'Virement bancaire'
        WHEN 'carte de credit' THEN 'Carte de crédit'
    END AS mode_de_paiement,
    d.numero_tracking,
    CASE
        WHEN d.commande_valide IS NULL OR d.date_livraison_estimee >= d.commande_valide
        THEN d.date_livraison_estimee
    END AS date_livraison_estimee
FROM datees AS d
WHERE d.id_commande IS NOT NULL
;

DROP VIEW IF EXISTS `carttrend_clean.Commandes__trellis_staged`
;
