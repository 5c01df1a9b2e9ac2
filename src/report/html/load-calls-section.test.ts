import { describe, expect, it } from 'vitest';
import type { CallsSample, SampledCall } from '../load-types.ts';
import { loadCallsSection, loadFailuresSection } from './load-calls-section.ts';

const call = (callId: string, status: string, reason = ''): SampledCall => ({
  callId,
  scenario: 's',
  status,
  reason,
  voice: 'kal',
  durationMs: 1000,
  turnCount: 1,
  turnLatencyP50Ms: null,
  turnLatencyMaxMs: null,
  startedSec: 1,
  stepConcurrency: null,
});

describe('a load run page: calls and failures', () => {
  it('says when the calls table is a sample, and that there are no timelines', () => {
    const sample: CallsSample = {
      total: 5000,
      byStatus: { passed: 4700, failed: 300 },
      scenarios: [],
      reasons: [{ reason: 'no <reply>', calls: 300 }],
      failed: [call('a1', 'failed', 'no <reply>')],
      failedTotal: 300,
      passing: [call('a2', 'passed')],
      passingTotal: 4700,
    };
    const html = loadCallsSection(sample);
    expect(html).toContain(
      'Summarized and sampled: showing 2 of 5000 calls — the first 1 of 300 failed calls, then an even sample of 1 of 4700 passing calls.',
    );
    expect(html).toContain('No per-call timelines');
    expect(html.indexOf('a1')).toBeLessThan(html.indexOf('a2'));
    expect(loadFailuresSection(sample)).toContain('no &lt;reply&gt;');
    expect(loadCallsSection(null)).toContain('No calls.csv in this directory');
  });
});
