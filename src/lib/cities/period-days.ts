/** The brushed period (hours, end exclusive; null: the whole campaign) as inclusive local days of the city table. */
import { localDaysOf } from '$shared/time/local-days';

export function periodDays(hours: readonly [number, number], timeZone: string): { fromDay: number; toDay: number } {
  const days = localDaysOf(timeZone);
  return { fromDay: days.dayOfHour(hours[0]), toDay: days.dayOfHour(hours[1] - 1) };
}
