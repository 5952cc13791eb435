/**
 * The Carttrend project's TypeScript assets. Trellis loads this module and
 * collects every asset declared in its exports; the SQL models live in sql/.
 */
export { carttrendSources } from './carttrend/sources.ts';
export { uptimeModels } from './carttrend/models/uptime.ts';
export { clientsGeo } from './carttrend/models/geo.ts';
export { revenueForecast } from './carttrend/models/forecast.ts';
export { categoryItemsets, categoryRules } from './carttrend/models/apriori.ts';
