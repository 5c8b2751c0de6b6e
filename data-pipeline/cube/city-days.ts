/**
 * Per-city daily counts for cities.arrow, summed during the registrations' one pass beside the cube. Keyed by
 * (city index, local day) in the campaign's time zone, so the city table's days are the dashboard's days; only
 * resolved rows count (the table lists gazetteer cities, never a raw spelling).
 */
import { STAGES } from '../../shared/cube/format.ts';
import { hourOfMs } from '../../shared/time/hours.ts';
import { localDaysOf, type LocalDays } from '../../shared/time/local-days.ts';
import type { Accepted } from '../validate/validate.ts';

/** Days since the epoch stay far below this, so (city, day) packs into one exact double. */
const DAY_SPAN = 1 << 20;

export interface CityDayCell {
  cityIndex: number;
  day: number;
  /** One count per stage, in STAGES order. */
  counts: Int32Array;
}

export class CityDays {
  private readonly cells = new Map<number, Int32Array>();
  private readonly days: LocalDays;
  // Rows come in long runs within one hour: the day is looked up once per run.
  private lastHour = NaN;
  private lastDay = 0;

  constructor(timeZone: string) {
    this.days = localDaysOf(timeZone);
  }

  add(cityIndex: number, a: Accepted): void {
    if (cityIndex < 0) return;
    this.addRows(cityIndex, hourOfMs(a.createdMs), a.phoneMs === a.phoneMs, a.emailMs === a.emailMs, a.questionnaireMs === a.questionnaireMs, 1);
  }

  /** `rows` registrations from city `cityIndex` (-1: not counted) made in `hour`, with the stages they reached. */
  addRows(cityIndex: number, hour: number, phone: boolean, email: boolean, questionnaire: boolean, rows: number): void {
    if (cityIndex < 0) return;
    if (hour !== this.lastHour) {
      this.lastHour = hour;
      this.lastDay = this.days.dayOfHour(hour);
    }
    const key = cityIndex * DAY_SPAN + this.lastDay;
    let counts = this.cells.get(key);
    if (!counts) {
      counts = new Int32Array(STAGES.length);
      this.cells.set(key, counts);
    }
    counts[0] += rows;
    if (phone) counts[1] += rows;
    if (email) counts[2] += rows;
    if (questionnaire) counts[3] += rows;
    if (phone && questionnaire) counts[4] += rows;
  }

  /** Every (city, day) with a registration, by city then day. */
  sorted(): CityDayCell[] {
    return [...this.cells.keys()]
      .sort((x, y) => x - y)
      .map((key) => ({ cityIndex: Math.floor(key / DAY_SPAN), day: key % DAY_SPAN, counts: this.cells.get(key) as Int32Array }));
  }
}
