/**
 * Values of dashboards as a French business user reads them: euros, percents
 * and plain numbers with spaces between thousands.
 *
 * @example
 * formatValue(1234.5, 'eur') // '1 234,50 €'
 * formatValue(0.125, 'percent') // '12,5 %'
 */
export type ValueFormat = 'eur' | 'percent' | 'number';

const EUR = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

export function formatValue(value: unknown, format: ValueFormat = 'number'): string {
  if (value === null || value === undefined) return '-';
  if (typeof value !== 'number') return String(value);
  // Intl puts narrow no-break spaces; plain spaces read the same and match text typed in a test.
  const text = format === 'eur' ? EUR.format(value) : format === 'percent' ? PERCENT.format(value) : NUMBER.format(value);
  return text.replace(/[\u202f\u00a0]/g, ' ');
}
