/** `--every 5m`: a whole number of seconds, minutes or hours. */
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

export function parseDuration(text: string): number | null {
  const match = /^(\d+)(s|m|h)$/.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms > 0 ? ms : null;
}
