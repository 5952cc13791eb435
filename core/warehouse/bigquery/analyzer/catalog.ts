/**
 * The catalog ZetaSQL resolves table names against: one table per relation,
 * named exactly as the BigQuery dialect renders it (`` `carttrend_clean.Clients` ``
 * is one quoted name), and again inside a nested catalog per dataset so that
 * an unquoted `carttrend_clean.Clients` resolves too.
 *
 * @example
 * const catalog = simpleCatalog([{ dataset: 'google_drive', table: 't', columns: [{ name: 'id', type: typeProto('BIGINT') }] }]);
 */

/** ZetaSQL's TypeProto: a kind by name (input) or number (as the analyzer answers), arrays with their element. */
export interface TypeProto {
  readonly typeKind?: string | number;
  readonly arrayType?: { readonly elementType?: TypeProto } | null;
  readonly structType?: { readonly field?: readonly { readonly fieldName?: string; readonly fieldType?: TypeProto }[] } | null;
}

export interface CatalogColumn {
  readonly name: string;
  readonly type: TypeProto;
}

export interface CatalogTable {
  readonly dataset: string;
  readonly table: string;
  readonly columns: readonly CatalogColumn[];
}

/** The SimpleCatalogProto fields we fill. */
export interface SimpleCatalog {
  readonly name: string;
  readonly table: readonly { name: string; column: readonly CatalogColumn[] }[];
  readonly catalog: readonly { name: string; table: readonly { name: string; column: readonly CatalogColumn[] }[] }[];
}

// Engine type names (DuckDB's, the portable ColumnType, BigQuery's) to ZetaSQL kinds.
const KINDS: Readonly<Record<string, string>> = {
  VARCHAR: 'TYPE_STRING', STRING: 'TYPE_STRING', TEXT: 'TYPE_STRING',
  BIGINT: 'TYPE_INT64', INTEGER: 'TYPE_INT64', INT: 'TYPE_INT64', INT64: 'TYPE_INT64', SMALLINT: 'TYPE_INT64', HUGEINT: 'TYPE_INT64',
  DOUBLE: 'TYPE_DOUBLE', FLOAT: 'TYPE_DOUBLE', FLOAT64: 'TYPE_DOUBLE', REAL: 'TYPE_DOUBLE',
  DECIMAL: 'TYPE_NUMERIC', NUMERIC: 'TYPE_NUMERIC', BIGNUMERIC: 'TYPE_BIGNUMERIC',
  BOOLEAN: 'TYPE_BOOL', BOOL: 'TYPE_BOOL',
  DATE: 'TYPE_DATE', TIMESTAMP: 'TYPE_TIMESTAMP', 'TIMESTAMP WITH TIME ZONE': 'TYPE_TIMESTAMP', DATETIME: 'TYPE_DATETIME', TIME: 'TYPE_TIME',
  BLOB: 'TYPE_BYTES', BYTES: 'TYPE_BYTES', JSON: 'TYPE_JSON',
};

/**
 * The ZetaSQL type of an engine type name (`VARCHAR`, `DECIMAL(18,3)`, `VARCHAR[]`);
 * undefined for a type BigQuery has no counterpart for.
 */
export function typeProto(engineType: string): TypeProto | undefined {
  const name = engineType.trim().toUpperCase();
  if (name.endsWith('[]')) {
    const element = typeProto(name.slice(0, -2));
    return element && { typeKind: 'TYPE_ARRAY', arrayType: { elementType: element } };
  }
  const kind = KINDS[name.replace(/\(.*\)$/, '')];
  return kind ? { typeKind: kind } : undefined;
}

const BIGQUERY_NAMES: Readonly<Record<number, string>> = {
  2: 'INT64', 5: 'BOOL', 7: 'FLOAT64', 8: 'STRING', 9: 'BYTES', 10: 'DATE', 19: 'TIMESTAMP', 20: 'TIME', 21: 'DATETIME',
  22: 'GEOGRAPHY', 23: 'NUMERIC', 24: 'BIGNUMERIC', 26: 'JSON', 27: 'INTERVAL',
};
const KIND_NUMBERS: Readonly<Record<string, number>> = {
  TYPE_INT64: 2, TYPE_BOOL: 5, TYPE_DOUBLE: 7, TYPE_STRING: 8, TYPE_BYTES: 9, TYPE_DATE: 10, TYPE_TIMESTAMP: 19, TYPE_TIME: 20,
  TYPE_DATETIME: 21, TYPE_NUMERIC: 23, TYPE_BIGNUMERIC: 24, TYPE_JSON: 26, TYPE_ARRAY: 16, TYPE_STRUCT: 17,
};

/** BigQuery's name for a type: `INT64`, `ARRAY<STRING>`, `STRUCT<a INT64>`. */
export function bigqueryTypeName(type: TypeProto): string {
  const kind = typeof type.typeKind === 'string' ? KIND_NUMBERS[type.typeKind] : type.typeKind;
  if (kind === 16) return `ARRAY<${bigqueryTypeName(type.arrayType?.elementType ?? {})}>`;
  if (kind === 17) {
    const fields = (type.structType?.field ?? []).map((f) => `${f.fieldName ?? ''} ${bigqueryTypeName(f.fieldType ?? {})}`.trim());
    return `STRUCT<${fields.join(', ')}>`;
  }
  return (kind !== undefined && BIGQUERY_NAMES[kind]) || `TYPE_${String(type.typeKind ?? 'UNKNOWN')}`;
}

/**
 * A catalog holding `tables`, both as `dataset.table` and under a catalog per
 * dataset; with `project`, as `project.dataset.table` too (dbt models name them so).
 */
export function simpleCatalog(tables: Iterable<CatalogTable>, project?: string): SimpleCatalog {
  const flat: { name: string; column: readonly CatalogColumn[] }[] = [];
  const byDataset = new Map<string, { name: string; column: readonly CatalogColumn[] }[]>();
  for (const t of tables) {
    flat.push({ name: `${t.dataset}.${t.table}`, column: t.columns });
    if (project) flat.push({ name: `${project}.${t.dataset}.${t.table}`, column: t.columns });
    let list = byDataset.get(t.dataset);
    if (!list) byDataset.set(t.dataset, list = []);
    list.push({ name: t.table, column: t.columns });
  }
  return { name: 'trellis', table: flat, catalog: [...byDataset].map(([name, table]) => ({ name, table })) };
}
