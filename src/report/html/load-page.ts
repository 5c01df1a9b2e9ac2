/**
 * A load run's report.html: the same page frame and load section as a run's page, with sections
 * drawn from what a load run keeps (summary, merged histograms, load.json, a calls.csv sample)
 * in place of the per-call sections a run draws from its events.
 */
import type { CallsSample } from '../load-types.ts';
import type { LoadSummary } from '../load-types.ts';
import type { LoadReportData } from '../load-data.ts';
import type { ValueCount } from './chart-data.ts';
import {
  loadCallsSection,
  loadFailuresSection,
  loadScenariosSection,
} from './load-calls-section.ts';
import { loadLatencySection } from './load-latency-section.ts';
import { loadSection } from './load-section.ts';
import { loadSummarySection, loadVerdict } from './load-summary-section.ts';
import { renderPage } from './page.ts';

export interface LoadPageModel {
  summary: LoadSummary;
  /** The merged turn-latency HDR histogram's recorded values with their counts. */
  turnLatency: ValueCount[];
  load: LoadReportData;
  /** calls.csv read back (null when the directory has none). */
  calls: CallsSample | null;
  redacted: boolean;
}

export function renderLoadReport(model: LoadPageModel): string {
  const s = model.summary;
  return renderPage({
    title: `callbench load ${loadVerdict(s).word}: ${s.calls.passed}/${s.calls.started} calls passed`,
    nav: [
      ['summary', 'summary'],
      ['latency', 'latency'],
      ['load', 'load'],
      ['scenarios', 'scenarios'],
      ['failures', 'failures'],
      ['calls', 'calls'],
    ],
    sections: [
      loadSummarySection(s),
      loadLatencySection(model.turnLatency, s.metrics.turn_latency_ms),
      loadSection(model.load),
      loadScenariosSection(s, model.calls),
      loadFailuresSection(model.calls),
      loadCallsSection(model.calls),
    ],
    redacted: model.redacted,
  });
}
