/**
 * Country names as the geolocation database writes them, mapped to the names
 * of the world-atlas topology (Natural Earth), so the map finds each country.
 *
 * @example
 * mapCountry('United States', names) // 'United States of America'
 */
const ALIASES: Readonly<Record<string, string>> = {
  'United States': 'United States of America',
  'Czechia': 'Czechia',
  'Russia': 'Russia',
  'South Korea': 'South Korea',
  'Democratic Republic of the Congo': 'Dem. Rep. Congo',
  'Congo Republic': 'Congo',
  'Central African Republic': 'Central African Rep.',
  'Bosnia and Herzegovina': 'Bosnia and Herz.',
  'Dominican Republic': 'Dominican Rep.',
  'South Sudan': 'S. Sudan',
  'Ivory Coast': "Côte d'Ivoire",
  'Equatorial Guinea': 'Eq. Guinea',
  'Eswatini': 'eSwatini',
  'North Macedonia': 'Macedonia',
  'Solomon Islands': 'Solomon Is.',
  'Falkland Islands': 'Falkland Is.',
  'Western Sahara': 'W. Sahara',
};

/** The topology's name for `country`, or undefined when the map has no such shape. */
export function mapCountry(country: string, names: ReadonlySet<string>): string | undefined {
  if (names.has(country)) return country;
  const alias = ALIASES[country];
  return alias && names.has(alias) ? alias : undefined;
}
