/**
 * BigQuery functions DuckDB lacks, as JavaScript scalar functions on the
 * fake's DuckDB: NORMALIZE (all four Unicode forms, as String.normalize) and
 * INITCAP (BigQuery's word delimiters). NULL in gives NULL out.
 *
 * @example
 * registerFunctions(connection); // then: SELECT bq_initcap('hello world') -- 'Hello World'
 */
import { DuckDBScalarFunction, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';

/** BigQuery's default INITCAP delimiters: whitespace and these characters. */
const DELIMITERS = new Set(' \t\n\r\v\f[](){}/|\\<>!?@"^#$&~_,.:;*%+-');

/** BigQuery's INITCAP: the first character of each word upper-cased, the others lower-cased. */
export function initcap(text: string): string {
  let out = '';
  let start = true;
  for (const ch of text) {
    out += start ? ch.toUpperCase() : ch.toLowerCase();
    start = DELIMITERS.has(ch);
  }
  return out;
}

const FORMS = new Set(['NFC', 'NFD', 'NFKC', 'NFKD']);

function normalize(text: string, form: string): string {
  if (!FORMS.has(form)) throw new Error(`NORMALIZE: unknown form ${form} (NFC, NFD, NFKC or NFKD)`);
  return text.normalize(form as 'NFC');
}

/** Registers bq_normalize(text, form) and bq_initcap(text) on the database of `connection`. */
export function registerFunctions(connection: DuckDBConnection): void {
  connection.registerScalarFunction(DuckDBScalarFunction.create({
    name: 'bq_normalize', returnType: VARCHAR, parameterTypes: [VARCHAR, VARCHAR],
    mainFunction: (_info, input, output) => {
      const text = input.getColumnVector(0);
      const form = input.getColumnVector(1);
      for (let i = 0; i < input.rowCount; i++) {
        const value = text.getItem(i) as string | null;
        const f = form.getItem(i) as string | null;
        output.setItem(i, value === null || f === null ? null : normalize(value, f));
      }
      output.flush();
    },
  }));
  connection.registerScalarFunction(DuckDBScalarFunction.create({
    name: 'bq_initcap', returnType: VARCHAR, parameterTypes: [VARCHAR],
    mainFunction: (_info, input, output) => {
      const text = input.getColumnVector(0);
      for (let i = 0; i < input.rowCount; i++) {
        const value = text.getItem(i) as string | null;
        output.setItem(i, value === null ? null : initcap(value));
      }
      output.flush();
    },
  }));
}
