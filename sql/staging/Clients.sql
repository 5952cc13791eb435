-- Customers: pseudonymised, validated and enriched (age bracket, seniority, phone).
WITH brut AS (
    SELECT DISTINCT * FROM {{ source('google_drive', 'carttrend_clients_clients') }}
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_client AS STRING)), '')) AS id_client,
        NULLIF(TRIM(CAST(prenom_client AS STRING)), '') AS prenom_client,
        NULLIF(TRIM(CAST(nom_client AS STRING)), '') AS nom_client,
        {{ regexp_replace_all('TRIM(CAST(email AS STRING))', "'(?i)^mailto:'", "''") }} AS email,
        {{ safe_cast_int('age') }} AS age,
        LOWER(TRIM(CAST(genre AS STRING))) AS cle_genre,
        {{ safe_cast_int('frequence_visites') }} AS frequence_visites,
        TRIM(CAST(numero_telephone AS STRING)) AS telephone_brut,
        {{ safe_cast_date('date_inscription') }} AS date_inscription,
        TRIM(CAST(adresse_ip AS STRING)) AS adresse_ip
    FROM brut
),

-- Phone numbers: the digits once any extension (`x1553`) is cut off. A
-- leading `+` or `00` announces a country code: whatever precedes the last
-- ten digits. Without one, the number is national (France, +033).
chiffres AS (
    SELECT
        t.*,
        {{ regexp_replace_all(regexp_replace_all('t.telephone_brut', "'[xX].*$'", "''"), "'[^0-9]'", "''") }} AS chiffres_telephone
    FROM typees AS t
),

corps AS (
    SELECT
        c.*,
        CASE
            WHEN STARTS_WITH(c.telephone_brut, '00') THEN SUBSTR(c.chiffres_telephone, 3)
            ELSE c.chiffres_telephone
        END AS corps_telephone
    FROM chiffres AS c
),

numeros AS (
    SELECT
        c.*,
        CASE WHEN LENGTH(c.corps_telephone) BETWEEN 10 AND 13 THEN SUBSTR(c.corps_telephone, -10) END AS national,
        CASE
            WHEN LENGTH(c.corps_telephone) = 10 THEN '33'
            WHEN LENGTH(c.corps_telephone) BETWEEN 11 AND 13
            THEN SUBSTR(c.corps_telephone, 1, LENGTH(c.corps_telephone) - 10)
        END AS indicatif,
        CASE WHEN c.date_inscription <= {{ logical_date() }} THEN c.date_inscription END AS inscription_valide,
        CASE WHEN c.age > 0 THEN c.age END AS age_valide
    FROM corps AS c
)

SELECT
    n.id_client,
    CASE
        WHEN n.prenom_client IS NOT NULL OR n.nom_client IS NOT NULL
        THEN {{ sha256_hex("COALESCE(n.prenom_client, '') || COALESCE(n.nom_client, '')") }}
    END AS hash_prenom_nom,
    CASE
        WHEN {{ regexp_contains('n.email', "'^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)*[.][A-Za-z]{2,}$'") }}
        THEN n.email
    END AS email,
    n.age_valide AS age,
    CASE
        WHEN n.age_valide <= 25 THEN '<=25'
        WHEN n.age_valide <= 40 THEN '25-40'
        WHEN n.age_valide <= 55 THEN '40-55'
        WHEN n.age_valide <= 70 THEN '55-70'
        WHEN n.age_valide > 70 THEN '>70'
    END AS tranche_age,
    CASE n.cle_genre
        WHEN 'homme' THEN 'Homme'
        WHEN 'femme' THEN 'Femme'
    END AS genre,
    CASE WHEN n.frequence_visites >= 0 THEN n.frequence_visites END AS frequence_visites,
    CASE
        WHEN n.national IS NOT NULL
        THEN '+' || LPAD(n.indicatif, 3, '0') || '-' || SUBSTR(n.national, 1, 3) || '-'
            || SUBSTR(n.national, 4, 3) || '-' || SUBSTR(n.national, 7, 4)
    END AS telephone,
    n.inscription_valide AS date_inscription,
    {{ date_diff_days(logical_date(), 'n.inscription_valide') }} AS anciennete_jours,
    CASE
        WHEN {{ regexp_contains('n.adresse_ip', "'^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])[.]){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$'") }}
        THEN n.adresse_ip
    END AS ip
FROM numeros AS n
WHERE n.id_client IS NOT NULL
