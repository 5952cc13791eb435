/**
 * The dialect macros: each rendered for DuckDB and BigQuery with the expected
 * SQL inline, and each DuckDB rendering run on sample values.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import crypto from 'node:crypto';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { dialects } from '../core/index.ts';

const { duckdb, bigquery } = dialects;
const macro = (d: typeof duckdb, name: string, ...args: string[]) => d.macros[name]!(...args);

interface Case {
  readonly args: readonly string[];
  readonly duckdb: string;
  readonly bigquery: string;
}

// One rendering per macro, with SQL fragments as a model would pass them.
const RENDERINGS: Readonly<Record<string, Case>> = {
  regexp_contains: { args: ['email', "'^[a-z]+@[a-z]+[.]fr$'"],
    duckdb: "regexp_matches(email, '^[a-z]+@[a-z]+[.]fr$')",
    bigquery: "REGEXP_CONTAINS(email, r'^[a-z]+@[a-z]+[.]fr$')" },
  regexp_replace_all: { args: ['tel', "'\\D'", "''"],
    duckdb: "regexp_replace(tel, '\\D', '', 'g')",
    bigquery: "REGEXP_REPLACE(tel, r'\\D', r'')" },
  regexp_extract: { args: ['id', "'^PROM([0-9]+)$'"],
    duckdb: "(CASE WHEN regexp_matches(id, '^PROM([0-9]+)$') THEN regexp_extract(id, '^PROM([0-9]+)$', 1) END)",
    bigquery: "REGEXP_EXTRACT(id, r'^PROM([0-9]+)$')" },
  sha256_hex: { args: ['nom'], duckdb: 'sha256(nom)', bigquery: 'TO_HEX(SHA256(nom))' },
  date_diff_days: { args: ['fin', 'debut'], duckdb: "date_diff('day', debut, fin)", bigquery: 'DATE_DIFF(fin, debut, DAY)' },
  date_add_days: { args: ['d', '7'], duckdb: 'CAST(d + CAST(7 AS INTEGER) AS DATE)', bigquery: 'DATE_ADD(d, INTERVAL 7 DAY)' },
  date_series: { args: ['a', 'b', 'jour'],
    duckdb: '(SELECT CAST(series.day AS DATE) AS jour FROM generate_series(CAST(a AS DATE), CAST(b AS DATE), INTERVAL 1 DAY) AS series(day))',
    bigquery: '(SELECT jour FROM UNNEST(GENERATE_DATE_ARRAY(CAST(a AS DATE), CAST(b AS DATE))) AS jour)' },
  split_to_rows: { args: ['t.favoris', "','", 'jeton'],
    duckdb: "unnest(string_split(t.favoris, ',')) AS jeton_rows(jeton)",
    bigquery: "UNNEST(SPLIT(t.favoris, ',')) AS jeton" },
  unnest_array: { args: ['b.categories', 'item'],
    duckdb: 'unnest(b.categories) AS item_rows(item)',
    bigquery: 'UNNEST(b.categories) AS item' },
  initcap: { args: ['ville'],
    duckdb: "(list_transform([ville], lambda s: array_to_string(list_transform(range(1, length(s) + 1), lambda i: CASE WHEN i = 1 OR NOT regexp_matches(s[i - 1], '[\\pL\\pN'']') THEN upper(s[i]) ELSE lower(s[i]) END), '')))[1]",
    bigquery: 'INITCAP(ville)' },
  strip_accents: { args: ['x'], duckdb: 'strip_accents(x)', bigquery: "REGEXP_REPLACE(NORMALIZE(x, NFD), r'\\pM', '')" },
  safe_divide: { args: ['a', 'b'], duckdb: '((a) / NULLIF(b, 0))', bigquery: 'SAFE_DIVIDE(a, b)' },
  integer_divide: { args: ['a', 'b'], duckdb: '((a) // (b))', bigquery: 'DIV(a, b)' },
  safe_cast_number: { args: ['prix'],
    duckdb: "TRY_CAST(replace(trim(CAST(prix AS VARCHAR)), ',', '.') AS DOUBLE)",
    bigquery: "SAFE_CAST(REPLACE(TRIM(CAST(prix AS STRING)), ',', '.') AS FLOAT64)" },
  safe_cast_int: { args: ['q'],
    duckdb: "TRY_CAST(CASE WHEN TRY_CAST(replace(trim(CAST(q AS VARCHAR)), ',', '.') AS DOUBLE) = trunc(TRY_CAST(replace(trim(CAST(q AS VARCHAR)), ',', '.') AS DOUBLE)) THEN TRY_CAST(replace(trim(CAST(q AS VARCHAR)), ',', '.') AS DOUBLE) END AS BIGINT)",
    bigquery: "SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(q AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(q AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(q AS STRING)), ',', '.') AS FLOAT64) END AS INT64)" },
  safe_cast_date: { args: ['d'],
    duckdb: 'TRY_CAST(substr(CAST(d AS VARCHAR), 1, 10) AS DATE)',
    bigquery: 'SAFE_CAST(SUBSTR(CAST(d AS STRING), 1, 10) AS DATE)' },
  parse_month: { args: ['mois'],
    duckdb: "TRY_CAST(substr(CAST(mois AS VARCHAR), 1, 7) || '-01' AS DATE)",
    bigquery: "SAFE_CAST(CONCAT(SUBSTR(CAST(mois AS STRING), 1, 7), '-01') AS DATE)" },
  day_of_week: { args: ['d'], duckdb: 'isodow(d)', bigquery: '(MOD(EXTRACT(DAYOFWEEK FROM d) + 5, 7) + 1)' },
  month_start: { args: ['d'], duckdb: "CAST(date_trunc('month', d) AS DATE)", bigquery: 'DATE_TRUNC(d, MONTH)' },
  days_in_month: { args: ['d'], duckdb: 'EXTRACT(DAY FROM last_day(d))', bigquery: 'EXTRACT(DAY FROM LAST_DAY(d))' },
  hours_in_month: { args: ['d'], duckdb: '(24 * EXTRACT(DAY FROM last_day(d)))', bigquery: '(24 * EXTRACT(DAY FROM LAST_DAY(d)))' },
};

describe('macro set', () => {
  test('both dialects render the same macros, and every one is tested here', () => {
    const names = Object.keys(duckdb.macros).sort();
    expect(names.length).toBeGreaterThanOrEqual(19);
    expect(Object.keys(bigquery.macros).sort()).toEqual(names);
    expect(Object.keys(RENDERINGS).sort()).toEqual(names);
  });

  test('a call with the wrong number of arguments names the macro and its parameters', () => {
    expect(() => macro(duckdb, 'date_diff_days', 'a')).toThrow(
      'macro date_diff_days(end, start) takes 2 argument(s), got 1 (dialect duckdb)');
    expect(() => macro(bigquery, 'sha256_hex')).toThrow('macro sha256_hex(expr) takes 1 argument(s), got 0');
  });
});

describe('renderings', () => {
  for (const [name, c] of Object.entries(RENDERINGS)) {
    test(`${name}`, () => {
      expect(macro(duckdb, name, ...c.args)).toBe(c.duckdb);
      expect(macro(bigquery, name, ...c.args)).toBe(c.bigquery);
    });
  }

  test('BigQuery turns a plain pattern literal into a raw string, quotes included, and leaves other expressions', () => {
    expect(macro(bigquery, 'regexp_contains', 'x', "'it''s'")).toBe("REGEXP_CONTAINS(x, r'it\\'s')");
    expect(macro(bigquery, 'regexp_contains', 'x', "r'\\d'")).toBe("REGEXP_CONTAINS(x, r'\\d')");
    expect(macro(bigquery, 'regexp_contains', 'x', 'motif')).toBe('REGEXP_CONTAINS(x, motif)');
  });

  test('relations, identifiers, literals and raw patterns', () => {
    expect(duckdb.relation('carttrend_clean', 'Clients')).toBe('"carttrend_clean"."Clients"');
    expect(bigquery.relation('carttrend_clean', 'Clients')).toBe('`carttrend_clean.Clients`');
    expect(duckdb.quoteIdent('a"b')).toBe('"a""b"');
    expect(bigquery.quoteIdent('a`b')).toBe('`a\\`b`');
    expect(duckdb.dateLiteral('2024-01-31')).toBe("DATE '2024-01-31'");
    expect(bigquery.dateLiteral('2024-01-31')).toBe("DATE '2024-01-31'");
    // Each dialect escapes a string literal its own way.
    expect(duckdb.stringLiteral("l'été \\ ok")).toBe("'l''été \\ ok'");
    expect(bigquery.stringLiteral("l'été \\ ok")).toBe("'l\\'été \\\\ ok'");
    expect(duckdb.regexpContains('"id"', "^C[0-9]{5}$")).toBe(`regexp_matches("id", '^C[0-9]{5}$')`);
    expect(bigquery.regexpContains('id', "^it's\\d$")).toBe("REGEXP_CONTAINS(id, r'^it\\'s\\d$')");
  });
});

describe('DuckDB renderings run', () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
  });
  afterAll(() => {
    conn?.closeSync();
    instance?.closeSync();
  });

  const m = (name: string, ...args: string[]) => macro(duckdb, name, ...args);
  /** Evaluates the expression on each sample (samples may differ in type); returns JSON-safe values. */
  const values = async (expr: (x: string) => string, samples: readonly string[]) => {
    const out: unknown[] = [];
    for (const sample of samples) {
      const reader = await conn.runAndReadAll(`SELECT ${expr('x')} AS v FROM (SELECT ${sample} AS x) AS t`);
      out.push(reader.getRowObjectsJson()[0]!.v);
    }
    return out;
  };

  test('regexp_contains', async () => {
    expect(await values((x) => m('regexp_contains', x, "'^[0-9]+$'"), ["'123'", "'12a'", 'NULL'])).toEqual([true, false, null]);
  });

  test('regexp_replace_all replaces every match, not only the first', async () => {
    expect(await values((x) => m('regexp_replace_all', x, "'[^0-9]'", "''"), ["'(474)383-1564'", "'+1-306'"])).toEqual(['4743831564', '1306']);
    expect(await values((x) => m('regexp_replace_all', x, "'([0-9]+)-([0-9]+)'", "'\\2/\\1'"), ["'12-34 56-78'"])).toEqual(['34/12 78/56']);
  });

  test('regexp_extract gives the group, or NULL when nothing matches', async () => {
    expect(await values((x) => m('regexp_extract', x, "'^P(?:ROM)?0*([0-9]+)$'"), ["'PROM064'", "'P1000'", "'X1'", 'NULL']))
      .toEqual(['64', '1000', null, null]);
  });

  test('sha256_hex', async () => {
    expect(await values((x) => m('sha256_hex', x), ["'JeanDupont'"]))
      .toEqual([crypto.createHash('sha256').update('JeanDupont').digest('hex')]);
  });

  test('date_diff_days counts from start to end', async () => {
    expect(await values((x) => m('date_diff_days', x, "DATE '2024-01-01'"), ["DATE '2024-03-01'", "DATE '2023-12-31'"])).toEqual(['60', '-1']);
  });

  test('date_add_days', async () => {
    expect(await values((x) => m('date_add_days', x, '30'), ["DATE '2024-02-15'"])).toEqual(['2024-03-16']);
    expect(await values((x) => m('date_add_days', "DATE '2024-01-01'", x), ['CAST(-1 AS BIGINT)'])).toEqual(['2023-12-31']);
  });

  test('date_series gives every day, both ends included, and nothing for NULL bounds', async () => {
    const rows = await conn.runAndReadAll(`SELECT d.jour FROM ${m('date_series', "DATE '2024-02-27'", "DATE '2024-03-01'", 'jour')} AS d ORDER BY 1`);
    expect(rows.getRowObjectsJson().map((r) => r.jour)).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    const empty = await conn.runAndReadAll(`SELECT count(*)::INT AS n FROM ${m('date_series', 'CAST(NULL AS DATE)', 'CAST(NULL AS DATE)', 'jour')} AS d`);
    expect(empty.getRowObjectsJson()).toEqual([{ n: 0 }]);
  });

  test('split_to_rows joins each row to its pieces', async () => {
    const rows = await conn.runAndReadAll(`SELECT t.id, trim(jeton) AS jeton FROM (VALUES (1, 'P1,P2'), (2, NULL), (3, 'P3')) AS t(id, favoris),
      ${m('split_to_rows', 't.favoris', "','", 'jeton')} ORDER BY 1, 2`);
    expect(rows.getRowObjectsJson()).toEqual([{ id: 1, jeton: 'P1' }, { id: 1, jeton: 'P2' }, { id: 3, jeton: 'P3' }]);
  });

  test('unnest_array joins each row to its elements, none for an empty or NULL array', async () => {
    const rows = await conn.runAndReadAll(`SELECT b.id, item FROM (VALUES (1, ['Mode', 'Livres']), (2, []), (3, NULL), (4, ['Sports'])) AS b(id, categories),
      ${m('unnest_array', 'b.categories', 'item')} ORDER BY 1, 2`);
    expect(rows.getRowObjectsJson()).toEqual([{ id: 1, item: 'Livres' }, { id: 1, item: 'Mode' }, { id: 4, item: 'Sports' }]);
  });

  test('initcap capitalises each word; an apostrophe does not start one, as with BigQuery\'s default delimiters', async () => {
    expect(await values((x) => m('initcap', x), ["'saint-étienne'", "'CHAUSSURE de SPORT'", "'l''étranger'", "''", 'NULL']))
      .toEqual(['Saint-Étienne', 'Chaussure De Sport', "L'étranger", '', null]);
  });

  test('strip_accents', async () => {
    expect(await values((x) => m('strip_accents', x), ["'Électronique Noël'"])).toEqual(['Electronique Noel']);
  });

  test('integer_divide truncates toward zero', async () => {
    expect(await values((x) => m('integer_divide', x, '2'), ['7', '-7', '6'])).toEqual([3, -3, 3]);
  });

  test('safe_divide gives NULL, not Infinity, for a zero or NULL divisor', async () => {
    expect(await values((x) => m('safe_divide', '3', x), ['2', '0', 'NULL'])).toEqual([1.5, null, null]);
  });

  test('safe_cast_number reads numbers and numeric text, decimal comma included', async () => {
    expect(await values((x) => m('safe_cast_number', x), ["' 74.41 '", "'199,99'", "'n/a'", '12', '0.5', 'NULL']))
      .toEqual([74.41, 199.99, null, 12, 0.5, null]);
  });

  test('safe_cast_int keeps integral values only', async () => {
    expect(await values((x) => m('safe_cast_int', x), ["'34'", "'34.0'", '34.0', "'34.5'", "'-5'", "'abc'", 'NULL']))
      .toEqual(['34', '34', '34', null, '-5', null, null]);
  });

  test('safe_cast_date reads dates, timestamps and ISO text', async () => {
    expect(await values((x) => m('safe_cast_date', x), ["'2024-01-31'", "DATE '2024-02-01'", "TIMESTAMP '2024-02-02 10:00:00'", "'31/01/2024'", "'2024-13-01'"]))
      .toEqual(['2024-01-31', '2024-02-01', '2024-02-02', null, null]);
  });

  test('parse_month gives the first day of the month', async () => {
    expect(await values((x) => m('parse_month', x), ["'2024-05'", "'2019-12'", "'2024-13'", "'mai'", 'NULL']))
      .toEqual(['2024-05-01', '2019-12-01', null, null, null]);
  });

  test('day_of_week is ISO: Monday 1 … Sunday 7', async () => {
    expect(await values((x) => m('day_of_week', x), ["DATE '2024-01-01'", "DATE '2024-01-06'", "DATE '2024-01-07'"])).toEqual(['1', '6', '7']);
  });

  test('month_start, days_in_month, hours_in_month', async () => {
    expect(await values((x) => m('month_start', x), ["DATE '2024-02-17'"])).toEqual(['2024-02-01']);
    expect(await values((x) => m('days_in_month', x), ["DATE '2024-02-17'", "DATE '2023-02-01'", "DATE '2024-12-31'"])).toEqual(['29', '28', '31']);
    expect(await values((x) => m('hours_in_month', x), ["DATE '2024-04-10'"])).toEqual(['720']);
  });

  test('the regular expression of a check runs as written', async () => {
    expect(await values((x) => duckdb.regexpContains(x, '^C[0-9]{5}$'), ["'C00001'", "'C1'"])).toEqual([true, false]);
  });
});
