import { describe, expect, it } from 'vitest';
import { SelectionError } from '../core/errors.ts';
import {
  evaluateSelection, parseSelection, printSelection, selectAssets,
  type AssetAttributes, type SelectionGraph, type SelectionNode,
} from '../core/selection/index.ts';

type Status = ReturnType<SelectionGraph['status']>;

interface AssetSpec extends Partial<AssetAttributes> {
  readonly key: string;
  readonly deps?: readonly string[];
}

/** A SelectionGraph over plain specs; unlisted statuses are 'fresh'. */
function graphOf(assets: readonly AssetSpec[], statuses: Readonly<Record<string, Status>> = {}): SelectionGraph {
  const byKey = new Map(assets.map((a) => [a.key, a]));
  const children = new Map<string, string[]>(assets.map((a) => [a.key, []]));
  for (const a of assets) for (const dep of a.deps ?? []) children.get(dep)!.push(a.key);
  return {
    keys: [...byKey.keys()].sort(),
    upstream: (key) => byKey.get(key)?.deps ?? [],
    downstream: (key) => children.get(key) ?? [],
    attributes: (key) => {
      const a = byKey.get(key)!;
      return { group: a.group ?? 'default', kind: a.kind ?? 'sql', tags: a.tags ?? {}, owners: a.owners ?? [] };
    },
    status: (key) => statuses[key] ?? 'fresh',
  };
}

const raw = (name: string) => `carttrend_raw.${name}`;
const clean = (name: string) => `carttrend_clean.${name}`;
const source = { group: 'sources', kind: 'source', owners: ['team:ingest'] };
const staging = { group: 'staging', kind: 'sql', owners: ['team:analytics-eng'] };
const mart = { group: 'marts', kind: 'sql', owners: ['analytics@carttrend.com'] };

const warehouse = graphOf([
  { key: raw('clients_csv'), ...source },
  { key: raw('orders_csv'), ...source },
  { key: raw('products_csv'), ...source },
  { key: clean('Clients'), deps: [raw('clients_csv')], ...staging },
  { key: clean('Orders'), deps: [raw('orders_csv')], ...staging },
  { key: clean('Products'), deps: [raw('products_csv')], ...staging },
  { key: clean('OrderItems'), deps: [raw('orders_csv'), raw('products_csv')], ...staging },
  { key: clean('mart_sales'), deps: [clean('Orders'), clean('OrderItems')], ...mart,
    tags: { tier: 'gold', finance: '' } },
  { key: clean('mart_customers'), deps: [clean('Clients'), clean('Orders')], ...mart, tags: { tier: 'gold' } },
  { key: clean('mart_products'), deps: [clean('Products'), clean('OrderItems')], ...mart, tags: { tier: 'silver' } },
  { key: clean('mart_daily_revenue'), deps: [clean('mart_sales')], ...mart, tags: { team: 'finance' },
    owners: ['analytics@carttrend.com', 'cfo@carttrend.com'] },
  { key: 'carttrend_ml.churn_score', deps: [clean('mart_customers'), clean('mart_sales')], group: 'ml', kind: 'ts',
    tags: { ml: '', team: 'sales' }, owners: ['data-science@carttrend.com'] },
], {
  [clean('Orders')]: 'stale',
  [clean('mart_sales')]: 'stale',
  [clean('mart_daily_revenue')]: 'stale',
  'carttrend_ml.churn_score': 'missing',
  [clean('mart_products')]: 'failed',
});

/** Table names without their schema; each is unique in the fixture. */
const names = (keys: Iterable<string>) => [...keys].map((k) => k.slice(k.indexOf('.') + 1)).sort();

const keyTerm = (value: string): SelectionNode => ({ type: 'attr', attr: 'key', value });

const SOURCES = ['clients_csv', 'orders_csv', 'products_csv'];
const STAGING = ['Clients', 'OrderItems', 'Orders', 'Products'];
const MARTS = ['mart_customers', 'mart_daily_revenue', 'mart_products', 'mart_sales'];

const selections: ReadonlyArray<[string, readonly string[]]> = [
  ['*', [...SOURCES, ...STAGING, ...MARTS, 'churn_score']],
  ['key:carttrend_clean.Clients', ['Clients']],
  ['carttrend_clean.Clients', ['Clients']],
  ['key:"carttrend_clean.Orders"', ['Orders']],
  ['key:carttrend_clean.mart_*', MARTS],
  ['key:*Clients', ['Clients']],
  ['key:carttrend_raw.*_csv', SOURCES],
  ['group:marts', MARTS],
  ['tag:ml', ['churn_score']],
  ['tag:team', ['churn_score', 'mart_daily_revenue']],
  ['tag:team=sales', ['churn_score']],
  ['tag:tier=gold', ['mart_customers', 'mart_sales']],
  ['kind:source', SOURCES],
  ['kind:ts', ['churn_score']],
  ['owner:team:ingest', SOURCES],
  ['owner:cfo@carttrend.com', ['mart_daily_revenue']],
  // traversals
  ['+carttrend_clean.mart_sales', ['OrderItems', 'Orders', 'mart_sales', 'orders_csv', 'products_csv']],
  ['1+carttrend_clean.mart_sales', ['OrderItems', 'Orders', 'mart_sales']],
  ['2+carttrend_ml.churn_score', ['Clients', 'OrderItems', 'Orders', 'churn_score', 'mart_customers', 'mart_sales']],
  ['carttrend_raw.orders_csv+', ['OrderItems', 'Orders', 'churn_score', 'mart_customers', 'mart_daily_revenue',
    'mart_products', 'mart_sales', 'orders_csv']],
  ['carttrend_raw.orders_csv+1', ['OrderItems', 'Orders', 'orders_csv']],
  ['0+carttrend_clean.Orders+0', ['Orders']],
  ['+carttrend_clean.OrderItems+', ['OrderItems', 'churn_score', 'mart_daily_revenue', 'mart_products', 'mart_sales',
    'orders_csv', 'products_csv']],
  ['1+carttrend_clean.Orders+2', ['Orders', 'churn_score', 'mart_customers', 'mart_daily_revenue', 'mart_sales',
    'orders_csv']],
  ['+(group:marts)', [...SOURCES, ...STAGING, ...MARTS]],
  ['(group:staging)+1', [...STAGING, 'mart_customers', 'mart_products', 'mart_sales']],
  ['+stale()', ['OrderItems', 'Orders', 'mart_daily_revenue', 'mart_sales', 'orders_csv', 'products_csv']],
  // functions
  ['roots(group:marts)', ['mart_customers', 'mart_products', 'mart_sales']],
  ['sinks(group:marts)', ['mart_customers', 'mart_daily_revenue', 'mart_products']],
  ['roots(*)', SOURCES],
  ['sinks(*)', ['churn_score', 'mart_daily_revenue', 'mart_products']],
  ['roots(+carttrend_ml.churn_score)', SOURCES],
  ['stale()', ['Orders', 'mart_daily_revenue', 'mart_sales']],
  ['missing()', ['churn_score']],
  ['failed()', ['mart_products']],
  ['stale() or missing()', ['Orders', 'churn_score', 'mart_daily_revenue', 'mart_sales']],
  // operators and precedence
  ['group:marts and tag:tier=gold', ['mart_customers', 'mart_sales']],
  ['group:marts and not tag:tier', ['mart_daily_revenue']],
  ['group:marts AND NOT tag:tier', ['mart_daily_revenue']],
  ['not group:marts and not group:sources', [...STAGING, 'churn_score']],
  ['kind:ts or group:marts and tag:tier=gold', ['churn_score', 'mart_customers', 'mart_sales']],
  ['(kind:ts or group:marts) and tag:tier=gold', ['mart_customers', 'mart_sales']],
  ['not group:marts or kind:ts', [...SOURCES, ...STAGING, 'churn_score']],
  ['not (group:marts or kind:ts)', [...SOURCES, ...STAGING]],
  ['key:carttrend_clean.mart_* and not carttrend_clean.mart_sales+', ['mart_customers', 'mart_products']],
  ['group:sources or group:ml or tag:team=finance', [...SOURCES, 'churn_score', 'mart_daily_revenue']],
];

describe('evaluateSelection', () => {
  it.each(selections)('%s', (text, expected) => {
    expect(names(evaluateSelection(parseSelection(text), warehouse))).toEqual([...expected].sort());
  });

  it('returns keys in graph order', () => {
    expect([...evaluateSelection(parseSelection('kind:source or kind:ts'), warehouse)])
      .toEqual(['carttrend_ml.churn_score', ...SOURCES.map(raw)]);
  });

  it('points at the term when a hand-built tree names no asset', () => {
    const tree: SelectionNode = { type: 'not', operand: keyTerm('carttrend_clean.Clinets') };
    expect(() => evaluateSelection(tree, warehouse)).toThrow(SelectionError);
    expect(() => evaluateSelection(tree, warehouse)).toThrow(/^no asset 'carttrend_clean.Clinets'/);
  });
});

describe('parseSelection', () => {
  it('builds the tree', () => {
    expect(parseSelection('1+carttrend_clean.Orders+2 and not tag:team=sales')).toEqual({
      type: 'and',
      operands: [
        { type: 'traverse', up: 1, down: 2, operand: keyTerm('carttrend_clean.Orders') },
        { type: 'not', operand: { type: 'attr', attr: 'tag', value: 'team', tagValue: 'sales' } },
      ],
    });
    expect(parseSelection('owner:team:ingest')).toEqual({ type: 'attr', attr: 'owner', value: 'team:ingest' });
    expect(parseSelection('+roots(*)')).toEqual({
      type: 'traverse', up: 'all', operand: { type: 'function', name: 'roots', operand: { type: 'all' } },
    });
  });

  it('parses a chain of or/and flat, left to right', () => {
    expect(parseSelection('a or b and c or d')).toEqual({
      type: 'or',
      operands: [
        keyTerm('a'),
        { type: 'and', operands: [keyTerm('b'), keyTerm('c')] },
        keyTerm('d'),
      ],
    });
  });
});

const canonical: ReadonlyArray<[string, string]> = [
  ['carttrend_clean.Clients', 'key:carttrend_clean.Clients'],
  ['+(group:marts)', '+group:marts'],
  ['1+carttrend_clean.Orders+2', '1+key:carttrend_clean.Orders+2'],
  ['kind:ts OR (group:marts AND tag:tier=gold)', 'kind:ts or group:marts and tag:tier=gold'],
  ['(kind:ts or group:marts) and tag:tier', '(kind:ts or group:marts) and tag:tier'],
  ['a and (b and c)', 'key:a and (key:b and key:c)'],
  ['not (group:marts or kind:ts)', 'not (group:marts or kind:ts)'],
  ['+( not group:marts )+1', '+(not group:marts)+1'],
  ['+(+a)', '+(+key:a)'],
  ['roots( group:marts )', 'roots(group:marts)'],
  ['key:"a b"', 'key:"a b"'],
  ['tag:"a=b"="c \\"d\\""', 'tag:"a=b"="c \\"d\\""'],
  ['tag:team="sales ops"', 'tag:team="sales ops"'],
  ['owner:"x+y@carttrend.com"', 'owner:"x+y@carttrend.com"'],
];

describe('printSelection', () => {
  it.each(canonical)('%s prints as %s', (text, printed) => {
    expect(printSelection(parseSelection(text))).toBe(printed);
  });

  it.each([...selections.map(([text]) => text), ...canonical.map(([text]) => text)])('round-trips %s', (text) => {
    const tree = parseSelection(text);
    expect(parseSelection(printSelection(tree))).toEqual(tree);
  });
});

const errors: ReadonlyArray<[string, string, number | undefined]> = [
  ['key:carttrend_clean.Clinets', "no asset 'carttrend_clean.Clinets'; did you mean 'carttrend_clean.Clients'?", 0],
  ['group:marts or carttrend_clean.Clinets',
    "no asset 'carttrend_clean.Clinets'; did you mean 'carttrend_clean.Clients'?", 15],
  ['(group:marts or tag:ml', 'unclosed parenthesis', 0],
  ['roots(group:marts', 'unclosed parenthesis', 5],
  ['grop:marts', "unknown attribute 'grop', did you mean 'group'?", 0],
  [':marts', "missing attribute name before ':'", 0],
  ['root(group:marts)', "unknown function 'root', did you mean 'roots'?", 0],
  ['group:marts and', "missing operand after 'and'", 12],
  ['group:marts or or kind:ts', "missing operand after 'or'", 12],
  ['not', "missing operand after 'not'", 0],
  ['+', "missing operand after '+'", 0],
  ['()', 'empty parentheses; expected a selection inside', 0],
  ['', 'empty selection; expected an asset key, an attribute such as group:marts, or *', 0],
  ['   ', 'empty selection; expected an asset key, an attribute such as group:marts, or *', 0],
  ['group:marts tag:ml', "unexpected 'tag:ml'; expected 'and', 'or' or the end of the selection", 12],
  ['group:marts)', "unexpected ')'; expected 'and', 'or' or the end of the selection", 11],
  ['(group:marts tag:ml)', "unexpected 'tag:ml'; expected 'and', 'or' or ')'", 13],
  ['carttrend_clean.Orders+1+', "unexpected '+'; expected 'and', 'or' or the end of the selection", 24],
  ['stale(group:marts)', 'stale() takes no argument', 6],
  ['roots()', 'roots() needs a selection, e.g. roots(group:marts)', 6],
  ['key:', "missing value after 'key:'", 4],
  ['tag:team=', "missing tag value after '='", 9],
  ['key:"carttrend_clean', 'unclosed quote', 4],
  ['group:mart', "selection 'group:mart' matches no asset: no asset in group 'mart', did you mean 'marts'?", 0],
  ['kind:sql and tag:team=sale', "selection 'kind:sql and tag:team=sale' matches no asset: "
    + "no asset has tag 'team=sale', did you mean 'team=sales'?", 13],
  ['key:*Clinets', "selection 'key:*Clinets' matches no asset: "
    + "no asset key matches '*Clinets', did you mean 'carttrend_clean.Clients'?", 0],
  ['kind:sql and group:sources', "selection 'kind:sql and group:sources' matches no asset", undefined],
];

describe('selectAssets errors', () => {
  it.each(errors)('%j', (text, message, position) => {
    let thrown: unknown;
    try {
      selectAssets(text, warehouse);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SelectionError);
    const error = thrown as SelectionError;
    expect(error.message.split('\n')[0]).toBe(message);
    expect(error.position).toBe(position);
    expect(error.expression).toBe(text);
  });

  it('lets a question about state have no answer: an empty set, not an error', () => {
    expect(selectAssets('failed() and stale()', warehouse)).toEqual(new Set());
    expect(selectAssets('group:marts and not (stale() or missing() or failed() or not stale())', warehouse)).toEqual(new Set());
    expect(() => selectAssets('group:marts and not group:marts', warehouse)).toThrow(SelectionError);
  });

  it('renders a caret under the offending character', () => {
    expect(() => selectAssets('group:marts and grop:ml', warehouse))
      .toThrow("unknown attribute 'grop', did you mean 'group'?\n  group:marts and grop:ml\n                  ^");
  });

  it('returns the selected set when something matches', () => {
    expect(names(selectAssets('sinks(group:marts) and tag:tier', warehouse)))
      .toEqual(['mart_customers', 'mart_products']);
  });
});

describe('at 100,000 assets', () => {
  // A chain n000000 -> n000001 -> ... that the first asset also fans out to directly.
  const size = 100_000;
  const key = (i: number) => `big.n${String(i).padStart(6, '0')}`;
  const parents = (i: number) => (i === 0 ? [] : i === 1 ? [key(0)] : [key(i - 1), key(0)]);
  const keys = Array.from({ length: size }, (_, i) => key(i));
  const index = (k: string) => Number(k.slice(5));
  const big: SelectionGraph = {
    keys,
    upstream: (k) => parents(index(k)),
    downstream: (k) => {
      const i = index(k);
      if (i === 0) return keys.slice(1);
      return i + 1 < size ? [key(i + 1)] : [];
    },
    attributes: () => ({ group: 'big', kind: 'sql', tags: {}, owners: [] }),
    status: () => 'fresh',
  };

  it('walks every ancestor and descendant without recursion', () => {
    expect(selectAssets(`+${key(size - 1)}`, big).size).toBe(size);
    expect(selectAssets(`${key(0)}+`, big).size).toBe(size);
    expect([...selectAssets(`2+${key(size - 1)}`, big)])
      .toEqual([key(0), key(size - 3), key(size - 2), key(size - 1)]);
    expect([...selectAssets(`roots(+${key(size - 1)})`, big)]).toEqual([key(0)]);
  });
});
