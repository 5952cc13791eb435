/**
 * Countries as the geolocation output writes them (ISO 3166-1 alpha-2 codes,
 * `FR`) mapped to the names of the world-atlas topology (Natural Earth), so
 * the map finds each country's shape. English names come from
 * Intl.DisplayNames; the few Natural Earth abbreviates are listed here.
 *
 * @example
 * mapCountry('US', names) // 'United States of America'
 * mapCountry('FR', names) // 'France'
 */
const ALIASES: Readonly<Record<string, string>> = {
  'United States': 'United States of America',
  'Congo - Kinshasa': 'Dem. Rep. Congo',
  'Congo - Brazzaville': 'Congo',
  'Central African Republic': 'Central African Rep.',
  'Bosnia & Herzegovina': 'Bosnia and Herz.',
  'Dominican Republic': 'Dominican Rep.',
  'South Sudan': 'S. Sudan',
  'Côte d’Ivoire': "Côte d'Ivoire",
  'Equatorial Guinea': 'Eq. Guinea',
  'Eswatini': 'eSwatini',
  'North Macedonia': 'Macedonia',
  'Myanmar (Burma)': 'Myanmar',
  'Solomon Islands': 'Solomon Is.',
  'Falkland Islands': 'Falkland Is.',
  'Western Sahara': 'W. Sahara',
  'Palestinian Territories': 'Palestine',
  'Trinidad & Tobago': 'Trinidad and Tobago',
  'Czechia': 'Czechia',
};

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region' });

/** The topology's name for a country code or name, or undefined when the map has no such shape. */
export function mapCountry(country: string, names: ReadonlySet<string>): string | undefined {
  if (names.has(country)) return country;
  let name = country;
  if (/^[A-Z]{2}$/.test(country)) {
    try {
      name = REGIONS.of(country) ?? country;
    } catch {
      return undefined;
    }
  }
  if (names.has(name)) return name;
  const alias = ALIASES[name];
  return alias && names.has(alias) ? alias : undefined;
}
