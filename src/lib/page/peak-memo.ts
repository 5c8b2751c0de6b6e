import type { EventRow, Stage } from '$shared/cube/format';
import { detectPeaks, explainPeaks, type Peak, type PeakCause } from '$shared/metrics/peaks';
import type { SeriesPoint } from '$shared/scan/types';

export interface ExplainedPeak {
  peak: Peak;
  causes: PeakCause<EventRow>[];
}

/** More would crowd the series; the largest are kept, shown in time order. */
const MAX_PEAKS = 30;

/**
 * Peaks of the hourly series with the events that may explain them. They depend on the series, which only changes
 * with non-time filters or the stage: the last result is kept while the brush moves (finding them takes ~100 ms
 * on the demo's 677k rows). The engine returns the same series array while it is unchanged.
 */
export class PeakMemo {
  private last: { series: SeriesPoint[]; stage: Stage; result: ExplainedPeak[] } | null = null;

  explain(series: SeriesPoint[], stage: Stage, events: EventRow[]): ExplainedPeak[] {
    const last = this.last;
    if (last && last.series === series && last.stage === stage) return last.result;
    const values = series.map((p) => ({ hour: p.hour, value: p.counts[stage] }));
    const peaks = detectPeaks(values)
      .sort((a, b) => b.excess - a.excess)
      .slice(0, MAX_PEAKS)
      .sort((a, b) => a.start - b.start);
    const result = explainPeaks(values, peaks, events);
    this.last = { series, stage, result };
    return result;
  }
}
