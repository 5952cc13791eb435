/**
 * What evaluating a selection needs to know about the asset graph. Kept this
 * small so the CLI, the API and the UI can each adapt their own graph to it.
 *
 * @example
 * const graph: SelectionGraph = {
 *   keys: ['carttrend_clean.Clients', 'carttrend_raw.clients_csv'],
 *   upstream: (k) => (k === 'carttrend_clean.Clients' ? ['carttrend_raw.clients_csv'] : []),
 *   downstream: (k) => (k === 'carttrend_raw.clients_csv' ? ['carttrend_clean.Clients'] : []),
 *   attributes: () => ({ group: 'staging', kind: 'sql', tags: {}, owners: [] }),
 *   status: () => 'fresh',
 * };
 */
export interface SelectionGraph {
  /** Every asset key, sorted. */
  readonly keys: readonly string[];
  /** Direct parents. */
  upstream(key: string): readonly string[];
  /** Direct children. */
  downstream(key: string): readonly string[];
  attributes(key: string): AssetAttributes;
  /** Only called when the selection uses a state function such as `stale()`. */
  status(key: string): 'fresh' | 'stale' | 'missing' | 'failed';
}

/** What `group:`, `kind:`, `tag:` and `owner:` match against. A tag without a value has value ''. */
export interface AssetAttributes {
  readonly group: string;
  readonly kind: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly owners: readonly string[];
}
