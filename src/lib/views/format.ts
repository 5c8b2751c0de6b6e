/** Number and time formatting shared by the views; times are shown in the campaign's time zone. */
const integer = new Intl.NumberFormat('en-US');

export const formatCount = (n: number): string => integer.format(Math.round(n));

export function formatRatio(r: number | null): string {
  if (r === null) return '—';
  const pct = r * 100;
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(Math.abs(pct) < 10 ? 1 : 0)}%`;
}

export function hourFormatter(timeZone: string): (hour: number) => string {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  return (hour) => f.format(new Date(hour * 3_600_000));
}
