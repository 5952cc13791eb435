/**
 * Warehouses (Entrepots) and their machines month by month
 * (Entrepots_Machines, 2019-12 to 2024-11). A machine's state follows a small
 * Markov chain whose breakdown risk rises with the warehouse's temperature,
 * in summer and with load; downtime follows the state (En panne: 24-48 h), so
 * uptime is learnable from month, location, temperature and volume. Load
 * varies only ±2% around its site and month level, so a month's volume
 * shows its downtime, as a real machine's throughput does. With ±15% the
 * uptime models did no better than the mean at any scale; with ±2% they beat
 * it at scale 1 (19,000 machine-months), while at scale 0.1 some types still
 * do not and the model's validation gate refuses them.
 */
import { workbook } from '../catalog.ts';
import { dirtCount, DirtPlan, dirtyEnum, QUIRKS } from './dirt.ts';
import { formatId, monthLabel, round2 } from './formats.ts';
import type { Random } from './random.ts';
import type { Cell, SheetData } from './sheet.ts';
import { MACHINE_STATES, MACHINE_TYPES, WAREHOUSE_SITES } from './vocabulary.ts';

export const FIRST_MONTH = '2019-12';
export const MONTHS = 60;
/** Machines per warehouse in the real delivery: 317 in all, 19,020 machine-months. */
export const REAL_MACHINES_PER_WAREHOUSE = [28, 35, 30, 33, 31, 29, 34, 32, 36, 29] as const;

export interface Warehouse {
  readonly id: string;
  readonly capacity: number;
  readonly temperature: number;
}

export function generateWarehouses(rng: Random, trailingEmptyRows: number): { sheet: SheetData; warehouses: Warehouse[] } {
  const asText = new Set(rng.sample(WAREHOUSE_SITES.length, Math.round(WAREHOUSE_SITES.length * QUIRKS.fillRateAsText)));
  const warehouses: Warehouse[] = [];
  const rows: Cell[][] = WAREHOUSE_SITES.map((site, i) => {
    const id = formatId('E', 3, i + 1);
    const capacity = rng.int(40, 120) * 1000;
    const stored = Math.round(capacity * rng.float(0.45, 0.95));
    const fill = round2((stored / capacity) * 100);
    const temperature = Math.round((site.temperature + rng.normal(0, 0.8)) * 10) / 10;
    warehouses.push({ id, capacity, temperature });
    return [id, site.city, capacity, stored, asText.has(i) ? String(fill) : fill, temperature];
  });
  return { sheet: { spec: workbook('warehouses'), rows, trailingEmptyRows }, warehouses };
}

/** Splits `total` machines over the warehouses in the real proportions (largest remainder, at least one each). */
export function machinesPerWarehouse(total: number): number[] {
  const real = REAL_MACHINES_PER_WAREHOUSE as readonly number[];
  const sum = real.reduce((a, b) => a + b, 0);
  const exact = real.map((n) => (n * Math.max(total, real.length)) / sum);
  const counts = exact.map((x) => Math.max(1, Math.floor(x)));
  let missing = Math.max(total, real.length) - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; missing > 0; k = (k + 1) % byRemainder.length, missing--) counts[byRemainder[k]![1]]! += 1;
  return counts;
}

const TYPE_WEIGHTS = [0.25, 0.1, 0.25, 0.2, 0.2];
const TYPE_VOLUME: Record<string, number> = { Tri: 12_000, Maintenance: 2_000, Transport: 9_000, Stockage: 15_000, Conditionnement: 7_000 };
const TYPE_FRAGILITY: Record<string, number> = { Tri: 1.2, Maintenance: 0.6, Transport: 1.4, Stockage: 0.8, Conditionnement: 1.0 };
/** Load by calendar month (January first): the year-end peak. */
const MONTH_LOAD = [1.05, 0.9, 0.95, 0.95, 1.0, 1.0, 1.05, 0.9, 1.0, 1.05, 1.15, 1.3];

type State = (typeof MACHINE_STATES)[number];

export function generateMachines(rng: Random, warehouses: readonly Warehouse[], machineCount: number): SheetData {
  const counts = machinesPerWarehouse(machineCount);
  const total = counts.reduce((a, b) => a + b, 0) * MONTHS;
  const plan = new DirtPlan(rng, total);
  for (const kind of ['lowercaseEnum', 'misspeltEnum', 'negativeVolume', 'missingId'] as const) plan.mark(kind, dirtCount(kind, total));
  const pickType = rng.weighted(MACHINE_TYPES, TYPE_WEIGHTS);
  const rows: Cell[][] = [];
  warehouses.forEach((warehouse, w) => {
    for (let m = 1; m <= counts[w]!; m++) {
      const machine = `ME${formatId('', 3, w + 1)}${formatId('', 3, m)}`;
      const type = pickType();
      const capacityFactor = warehouse.capacity / 80_000;
      let state: State = 'En service';
      for (let month = 0; month < MONTHS; month++) {
        const label = monthLabel(FIRST_MONTH, month);
        const calendarMonth = Number(label.slice(5)) - 1;
        const load = MONTH_LOAD[calendarMonth]! * capacityFactor * rng.float(0.98, 1.02);
        state = nextState(rng, state, warehouse.temperature, calendarMonth, load * TYPE_FRAGILITY[type]!);
        const downtime = state === 'En panne' ? rng.int(24, 48)
          : state === 'En maintenance' ? rng.int(8, 30)
          : Math.min(6, Math.max(0, Math.round(Math.exp(rng.normal(0, 1)) - 1)));
        const hours = daysInMonth(label) * 24;
        const volume = Math.round(TYPE_VOLUME[type]! * load * (1 - downtime / hours));
        const index = rows.length;
        const dirt = plan.kindOf(index);
        rows.push([
          index + 1,
          dirt === 'missingId' ? null : machine,
          warehouse.id,
          type,
          dirtyEnum(rng, state, dirt),
          downtime,
          dirt === 'negativeVolume' ? -volume : volume,
          label,
        ]);
      }
    }
  });
  return { spec: workbook('machines'), rows, trailingEmptyRows: 0 };
}

function nextState(rng: Random, state: State, temperature: number, calendarMonth: number, stress: number): State {
  const summer = calendarMonth >= 5 && calendarMonth <= 7 ? 0.03 : 0;
  const breakdown = Math.max(0.005, (0.03 + 0.006 * (temperature - 15) + summer) * stress);
  const x = rng.next();
  switch (state) {
    case 'En service': return x < breakdown ? 'En panne' : x < breakdown + 0.06 ? 'En maintenance' : 'En service';
    case 'En panne': return x < 0.5 ? 'En maintenance' : x < 0.9 ? 'En service' : 'En panne';
    case 'En maintenance': return x < 0.8 ? 'En service' : x < 0.95 ? 'En maintenance' : 'En panne';
  }
}

function daysInMonth(label: string): number {
  const [y, m] = label.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
