CREATE OR REPLACE VIEW `carttrend_clean.Clients__trellis_staged` AS -- Customers: pseudonymised, validated and enriched (age bracket, seniority, phone).
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_clients_clients`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_client AS STRING)), '')) AS id_client,
        NULLIF(TRIM(CAST(prenom_client AS STRING)), '') AS prenom_client,
        NULLIF(TRIM(CAST(nom_client AS STRING)), '') AS nom_client,
        REGEXP_REPLACE(TRIM(CAST(email AS STRING)), r'(?i)^mailto:', r'') AS email,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(age AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(age AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(age AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS age,
        LOWER(TRIM(CAST(genre AS STRING))) AS cle_genre,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(frequence_visites AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(frequence_visites AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(frequence_visites AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS frequence_visites,
        TRIM(CAST(numero_telephone AS STRING)) AS telephone_brut,
        SAFE_CAST(SUBSTR(CAST(date_inscription AS STRING), 1, 10) AS DATE) AS date_inscription,
        TRIM(CAST(adresse_ip AS STRING)) AS adresse_ip
    FROM brut
),

-- Phone numbers: the digits once any extension (`x1553`) is cut off. A
-- leading `+` or `00` announces a country code: whatever precedes the last
-- ten digits. Without one, the number is national (France, +033).
chiffres AS (
    SELECT
        t.*,
        REGEXP_REPLACE(REGEXP_REPLACE(t.telephone_brut, r'[xX].*$', r''), r'[^0-9]', r'') AS chiffres_telephone
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
        CASE WHEN c.date_inscription <= DATE '2026-01-15' THEN c.date_inscription END AS inscription_valide,
        CASE WHEN c.age > 0 THEN c.age END AS age_valide
    FROM corps AS c
)

SELECT
    n.id_client,
    CASE
        WHEN n.prenom_client IS NOT NULL OR n.nom_client IS NOT NULL
        THEN TO_HEX(SHA256(COALESCE(n.prenom_client, '') || COALESCE(n.nom_client, '')))
    END AS hash_prenom_nom,
    CASE
        WHEN REGEXP_CONTAINS(n.email, r'^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)*[.][A-Za-z]{2,}$')
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
    DATE_DIFF(DATE '2026-01-15', n.inscription_valide, DAY) AS anciennete_jours,
    CASE
        WHEN REGEXP_CONTAINS(n.adresse_ip, r'^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])[.]){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$')
        THEN n.adresse_ip
    END AS ip
FROM numeros AS n
WHERE n.id_client IS NOT NULL
;

SELECT COUNTIF(`id_client` IS NULL) AS c0, (count(`id_client`) - count(DISTINCT `id_client`)) AS c1, COUNTIF(`id_client` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_client` AS STRING), r'^C[0-9]{5,}$')) AS c2, COUNTIF(`email` IS NULL) AS c3, COUNTIF(`age` IS NOT NULL AND (`age` < 1)) AS c4, COUNTIF(NOT (age < 110)) AS c5, COUNTIF(`tranche_age` IS NOT NULL AND `tranche_age` NOT IN ('<=25', '25-40', '40-55', '55-70', '>70')) AS c6, COUNTIF(`genre` IS NOT NULL AND `genre` NOT IN ('Homme', 'Femme')) AS c7, COUNTIF(`genre` IS NULL) AS c8, COUNTIF(`frequence_visites` IS NOT NULL AND (`frequence_visites` < 0)) AS c9, COUNTIF(`telephone` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`telephone` AS STRING), r'^[+][0-9]{3}-[0-9]{3}-[0-9]{3}-[0-9]{4}$')) AS c10, COUNTIF(`anciennete_jours` IS NOT NULL AND (`anciennete_jours` < 0)) AS c11, COUNTIF(`ip` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`ip` AS STRING), r'^[0-9]{1,3}([.][0-9]{1,3}){3}$')) AS c12, COUNTIF(`ip` IS NULL) AS c13 FROM `carttrend_clean.Clients__trellis_staged`
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Clients__trellis_staged` WHERE `email` IS NULL) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Clients__trellis_staged` WHERE NOT (age < 110)) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Clients__trellis_staged` WHERE `genre` IS NULL) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Clients__trellis_staged` WHERE `ip` IS NULL) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Clients` AS -- Customers: pseudonymised, validated and enriched (age bracket, seniority, phone).
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_clients_clients`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_client AS STRING)), '')) AS id_client,
        NULLIF(TRIM(CAST(prenom_client AS STRING)), '') AS prenom_client,
        NULLIF(TRIM(CAST(nom_client AS STRING)), '') AS nom_client,
        REGEXP_REPLACE(TRIM(CAST(email AS STRING)), r'(?i)^mailto:', r'') AS email,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(age AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(age AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(age AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS age,
        LOWER(TRIM(CAST(genre AS STRING))) AS cle_genre,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(frequence_visites AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(frequence_visites AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(frequence_visites AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS frequence_visites,
        TRIM(CAST(numero_telephone AS STRING)) AS telephone_brut,
        SAFE_CAST(SUBSTR(CAST(date_inscription AS STRING), 1, 10) AS DATE) AS date_inscription,
        TRIM(CAST(adresse_ip AS STRING)) AS adresse_ip
    FROM brut
),

-- Phone numbers: the digits once any extension (`x1553`) is cut off. A
-- leading `+` or `00` announces a country code: whatever precedes the last
-- ten digits. Without one, the number is national (France, +033).
chiffres AS (
    SELECT
        t.*,
        REGEXP_REPLACE(REGEXP_REPLACE(t.telephone_brut, r'[xX].*$', r''), r'[^0-9]', r'') AS chiffres_telephone
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
        CASE WHEN c.date_inscription <= DATE '2026-01-15' THEN c.date_inscription END AS inscription_valide,
        CASE WHEN c.age > 0 THEN c.age END AS age_valide
    FROM corps AS c
)

SELECT
    n.id_client,
    CASE
        WHEN n.prenom_client IS NOT NULL OR n.nom_client IS NOT NULL
        THEN TO_HEX(SHA256(COALESCE(n.prenom_client, '') || COALESCE(n.nom_client, '')))
    END AS hash_prenom_nom,
    CASE
        WHEN REGEXP_CONTAINS(n.email, r'^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)*[.][A-Za-z]{2,}$')
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
    DATE_DIFF(DATE '2026-01-15', n.inscription_valide, DAY) AS anciennete_jours,
    CASE
        WHEN REGEXP_CONTAINS(n.adresse_ip, r'^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])[.]){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$')
        THEN n.adresse_ip
    END AS ip
FROM numeros AS n
WHERE n.id_client IS NOT NULL
;

DROP VIEW IF EXISTS `carttrend_clean.Clients__trellis_staged`
;
