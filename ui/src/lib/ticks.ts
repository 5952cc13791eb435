/**
 * Tick outcomes as the schedules page shows them: the badge colour (a run
 * status the palette knows) and a short label. Pure, so it is tested alone.
 *
 * @example
 * tickBadge('skipped-run-in-progress') // { status: 'stale', label: 'skipped: run in progress' }
 */
const BADGES: Readonly<Record<string, { readonly status: string; readonly label: string }>> = {
  ran: { status: 'success', label: 'ran' },
  launching: { status: 'running', label: 'launching' },
  'skipped-nothing-stale': { status: 'skipped', label: 'skipped: nothing stale' },
  'skipped-run-in-progress': { status: 'stale', label: 'skipped: run in progress' },
  'failed-to-launch': { status: 'failed', label: 'failed to launch' },
  missed: { status: 'interrupted', label: 'missed' },
};

export function tickBadge(outcome: string): { readonly status: string; readonly label: string } {
  return BADGES[outcome] ?? { status: 'missing', label: outcome };
}
