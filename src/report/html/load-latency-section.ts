/**
 * A load run's turn latency: histogram and CDF drawn from the merged HDR histogram's recorded
 * values (a load run keeps no raw samples), with the p50/p90/p95/p99 of summary.json marked.
 */
import type { Distribution } from '../../metrics/percentiles.ts';
import {
  cdfOfCounts,
  histogramOfCounts,
  MARKED_PERCENTILES,
  type PercentileMarker,
  type ValueCount,
} from './chart-data.ts';
import { binnedHistogramSvg, cdfPointsSvg } from './charts.ts';

/** Load histograms record whole milliseconds (histograms.ts rounds): no bin is narrower. */
const HDR_RESOLUTION_MS = 1;

/** The summary's percentiles (the HDR histogram's, as summary.json and the thresholds see them). */
export function markersOf(d: Distribution): PercentileMarker[] {
  const at: Record<(typeof MARKED_PERCENTILES)[number], number | null> = {
    50: d.p50,
    90: d.p90,
    95: d.p95,
    99: d.p99,
  };
  return MARKED_PERCENTILES.flatMap((p) =>
    at[p] === null ? [] : [{ label: `p${p}`, p, value: at[p] }],
  );
}

export function loadLatencySection(recorded: readonly ValueCount[], d: Distribution): string {
  const n = recorded.reduce((a, p) => a + p.count, 0);
  const markers = markersOf(d);
  return `<section id="latency">
<h2>Turn latency</h2>
<p class="muted">From the caller's last voiced sample to the first audible sample of the reply, as played: ${n} turns over all calls, from the run's merged HDR histogram (values kept to 3 significant digits).</p>
<div class="charts">${binnedHistogramSvg(histogramOfCounts(recorded, 24, HDR_RESOLUTION_MS), markers)}${cdfPointsSvg(cdfOfCounts(recorded), markers, n)}</div>
<p class="muted">No breakdown by agent stage: a load run keeps no per-turn side-channel timings.</p>
</section>`;
}
