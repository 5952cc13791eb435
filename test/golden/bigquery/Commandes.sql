-- Orders, one row per order: ids normalised, enumerations validated, dates checked.
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
        CASE WHEN t.date_commande <= DATE '__trellis_logical_date__' THEN t.date_commande END AS commande_valide
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
