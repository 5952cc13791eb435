/**
 * How the managed loader named raw tables and columns (DATA.md section 2):
 * lower case, accents removed, every run of characters other than letters
 * and digits replaced by `_` (leading and trailing runs included).
 *
 * @example
 * normalizeName('temps_d’arrêt')       // 'temps_d_arret'
 * normalizeName('Détails Commandes ')  // 'details_commandes_'
 * normalizeName('Sous-catégorie')      // 'sous_categorie'
 */
export function normalizeName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '_');
}

/**
 * Normalised column names for a header row, made unique and never empty
 * (a header without letters or digits becomes `column_<n>`, a repeated name
 * gets `_2`, `_3`...).
 */
export function columnNames(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  return headers.map((header, i) => {
    const base = /[a-z0-9]/.test(normalizeName(header)) ? normalizeName(header) : `column_${i + 1}`;
    let name = base;
    for (let n = 2; seen.has(name); n++) name = `${base}_${n}`;
    seen.add(name);
    return name;
  });
}
