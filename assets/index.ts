/**
 * The Carttrend project's TypeScript assets. Trellis loads this module and
 * collects every asset declared in its exports; the SQL models live in sql/.
 */
export { carttrendSources } from './carttrend/sources.ts';
