import type { EventRow, Stage } from '$shared/cube/format';
import type { EventAttribution } from '$shared/metrics/attribution';
import { peakShares, type PeakShare } from '$shared/metrics/peak-shares';
import { detectPeaks, type Peak } from '$shared/metrics/peaks';
import type { SeriesPoint } from '$shared/scan/types';

export interface ExplainedPeak {
  peak: Peak;
  causes: PeakShare<EventRow>[];
}

/** More would crowd the series; the largest are kept, shown in time order. */
const MAX_PEAKS = 30;

/**
 * Peaks of the hourly series with each attributed event's share of them. They depend on the series, which only
 * changes with non-time filters or the stage, and on the attribution, computed once: the last result is kept while
 * the brush moves (finding peaks takes ~100 ms on the demo's 677k rows). The engine returns the same series array
 * while it is unchanged.
 */
export class PeakMemo {
  private last: { series: SeriesPoint[]; stage: Stage; attribution: ReadonlyMap<string, EventAttribution>; result: ExplainedPeak[] } | null = null;

  explain(series: SeriesPoint[], stage: Stage, events: EventRow[], attribution: ReadonlyMap<string, EventAttribution>): ExplainedPeak[] {
    const last = this.last;
    if (last && last.series === series && last.stage === stage && last.attribution === attribution) return last.result;
    const values = series.map((p) => ({ hour: p.hour, value: p.counts[stage] }));
    const peaks = detectPeaks(values)
      .sort((a, b) => b.excess - a.excess)
      .slice(0, MAX_PEAKS)
      .sort((a, b) => a.start - b.start);
    const result = peaks.map((peak) => ({ peak, causes: peakShares(peak, events, attribution) }));
    this.last = { series, stage, attribution, result };
    return result;
  }
}
