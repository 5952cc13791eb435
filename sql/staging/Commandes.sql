-- Orders, one row per order: ids normalised, enumerations validated, dates checked.
WITH brut AS (
    SELECT DISTINCT * FROM {{ source('google_drive', 'carttrend_commandes_commandes') }}
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_commande AS STRING)), '')) AS id_commande,
        UPPER(NULLIF(TRIM(CAST(id_client AS STRING)), '')) AS id_client,
        UPPER(NULLIF(TRIM(CAST(id_entrepot_depart AS STRING)), '')) AS id_entrepot,
        {{ safe_cast_date('date_commande') }} AS date_commande,
        LOWER({{ strip_accents('TRIM(CAST(statut_commande AS STRING))') }}) AS cle_statut,
        -- `PROM064`, `prom64` and `P064` are one promotion: `P064`, the form of Promotions.
        {{ regexp_extract('UPPER(TRIM(CAST(id_promotion_appliquee AS STRING)))', "'^P(?:ROM)?0*([0-9]+)$'") }} AS numero_promotion,
        LOWER({{ strip_accents('TRIM(CAST(mode_de_paiement AS STRING))') }}) AS cle_paiement,
        NULLIF(TRIM(CAST(numero_tracking AS STRING)), '') AS numero_tracking,
        {{ safe_cast_date('date_livraison_estimee') }} AS date_livraison_estimee
    FROM brut
),

datees AS (
    SELECT
        t.*,
        CASE WHEN t.date_commande <= {{ logical_date() }} THEN t.date_commande END AS commande_valide
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
