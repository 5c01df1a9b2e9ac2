/** The readable console output: a line per finished call, then a summary. */
import type { Distribution } from '../metrics/percentiles.ts';
import { runPassed } from '../summary/run-summary.ts';
import type { ScoredCall } from '../results/scored-call.ts';
import type { RunSummary } from '../summary/run-summary.ts';
import type { Reporter } from './reporter.ts';
import { thresholdLabel } from '../thresholds/parse.ts';

export type Write = (text: string) => void;

const MARK: Record<ScoredCall['status'], string> = {
  passed: '✓',
  failed: '✗',
  error: '!',
  aborted: '-',
  not_started: '·',
};

export function consoleReporter(write: Write, opts: { color?: boolean } = {}): Reporter {
  const paint = (code: number, s: string): string => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  let total = 0;
  let done = 0;
  return {
    name: 'console',
    onRunStart(plan) {
      total = plan.totalCalls;
      write(
        `callbench: ${plan.totalCalls} call(s) from ${plan.scenarios.length} scenario(s) → ${plan.agentUrl} (concurrency ${plan.concurrency})\n`,
      );
    },
    onCallEnd(c) {
      done++;
      if (c.status === 'not_started') return; // counted in the summary; a line each would bury what did run
      const m = c.metrics;
      const lat = m.turns.map((t) => t.latencyMs).filter((x): x is number => x !== null);
      const latText = lat.length
        ? `latency ${lat.map((x) => Math.round(x)).join('/')} ms`
        : 'no replies measured';
      const color = c.status === 'passed' ? 32 : c.status === 'aborted' ? 33 : 31;
      const line = `${paint(color, MARK[c.status])} ${c.scenario} [${done}/${total}] ${(m.durationMs / 1000).toFixed(1)} s, ${latText}`;
      write(line + (c.reason ? paint(color, ` — ${c.reason}`) : '') + '\n');
      // Warnings that do not change the verdict (a status callback that failed), under the call's line.
      for (const e of c.events)
        if (e.type === 'status_callback' && e.warning !== null)
          write(paint(33, `  warning: ${e.warning}`) + '\n');
    },
    onRunEnd(s) {
      write('\n' + formatSummary(s, paint) + '\n');
    },
  };
}

export function formatSummary(
  s: RunSummary,
  paint: (code: number, s: string) => string = (_c, x) => x,
): string {
  const lines: string[] = [];
  const c = s.calls;
  const verdict = runPassed(s)
    ? paint(32, 'PASSED')
    : s.interrupted
      ? paint(33, 'INTERRUPTED')
      : paint(31, 'FAILED');
  const skipped = s.skipped.length ? `; ${s.skipped.length} scenario(s) skipped` : '';
  const notStarted = c.not_started ? `, ${c.not_started} not started` : '';
  const neverConnected = c.neverConnected
    ? `; ${c.neverConnected} never connected (no timings from them)`
    : '';
  lines.push(
    `${verdict}  calls: ${c.passed} passed, ${c.failed} failed, ${c.error} error, ${c.aborted} aborted${notStarted} (of ${c.total})${skipped}${neverConnected}`,
  );
  lines.push('');
  lines.push(row(['metric', 'n', 'p50', 'p90', 'p95', 'p99', 'max']));
  const metric = (name: string, d: Distribution): void =>
    void lines.push(row([name, String(d.count), f(d.p50), f(d.p90), f(d.p95), f(d.p99), f(d.max)]));
  metric('turn_latency_ms', s.metrics.turn_latency_ms);
  metric('ttfb_ms', s.metrics.ttfb_ms);
  metric('barge_in_stop_ms', s.metrics.barge_in_stop_ms);
  metric('first_agent_speech_ms', s.metrics.first_agent_speech_ms);
  metric('talk_over_ms', s.metrics.talk_over_ms);
  metric('dead_air_ms', s.metrics.dead_air_ms);
  if (s.metrics.webhook_response_ms) metric('webhook_response_ms', s.metrics.webhook_response_ms);
  const entityTypes = Object.entries(s.entities);
  if (entityTypes.length) {
    lines.push('', row(['entities', 'n', 'exact', 'exact %', 'mean CER']));
    for (const [type, e] of entityTypes)
      lines.push(
        row([
          type,
          String(e.n),
          String(e.exact),
          `${Math.round(e.exactRate * 100)}%`,
          e.meanCer.toFixed(3),
        ]),
      );
  }
  const nameWidth = Math.max(28, ...s.scenarios.map((sc) => sc.scenario.length + 1));
  lines.push(
    '',
    row(['scenario', 'passed', 'p50 ms', 'p95 ms', 'expectations', 'complete'], nameWidth),
  );
  for (const sc of s.scenarios) {
    const passed = `${sc.passed}/${sc.calls}${sc.flaky ? ' flaky' : ''}`;
    const expectations = sc.expectationsJudged
      ? `${sc.expectationsPassed}/${sc.expectationsJudged}`
      : '-';
    const complete = sc.completionRate === null ? '-' : `${Math.round(sc.completionRate * 100)}%`;
    const color = sc.passed === sc.calls ? 32 : sc.flaky ? 33 : 31;
    lines.push(
      paint(
        color,
        row(
          [
            sc.scenario,
            passed,
            f(sc.turnLatencyMs.p50),
            f(sc.turnLatencyMs.p95),
            expectations,
            complete,
          ],
          nameWidth,
        ),
      ),
    );
  }
  if (s.completion.rate !== null || s.expectations.judged > 0) {
    const completion =
      s.completion.rate === null
        ? ''
        : `completion ${s.completion.complete}/${s.completion.calls} (${Math.round(s.completion.rate * 100)}%)`;
    const expectations = s.expectations.judged
      ? `expectations ${s.expectations.passed}/${s.expectations.judged} met`
      : '';
    const skipped = s.expectations.skipped
      ? `, ${s.expectations.skipped} skipped (no judge, or the turn never ran)`
      : '';
    lines.push('', [completion, expectations].filter((x) => x !== '').join(', ') + skipped);
  }
  for (const sk of s.skipped) lines.push(paint(33, `- ${sk.scenario}: skipped — ${sk.reason}`));
  if (s.thresholds.length) {
    lines.push('', 'thresholds:');
    for (const t of s.thresholds) {
      const actual = t.skipped
        ? `skipped: ${t.skipped}`
        : t.actual === null
          ? 'no samples'
          : `${Number(t.actual.toFixed(3))}`;
      const mark = t.skipped ? paint(33, '-') : t.ok ? paint(32, '✓') : paint(31, '✗');
      lines.push(`  ${mark} ${thresholdLabel(t)}: ${t.expression} (${actual})`);
    }
  }
  const v = Object.entries(s.violations);
  if (v.length)
    lines.push('', `protocol violations: ${v.map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  if (s.bargeInsNotStopped)
    lines.push(`barge-ins the agent talked through: ${s.bargeInsNotStopped}`);
  if (s.generator.lateShare > 0.01)
    lines.push(
      paint(
        33,
        `generator: ${(s.generator.lateShare * 100).toFixed(1)}% of frames were sent >5 ms late — timings may be inflated`,
      ),
    );
  if (s.failures.length) {
    lines.push('', 'failures:');
    for (const fl of s.failures.slice(0, 20))
      lines.push(`  ${fl.scenario} (${fl.callId}): ${fl.reason}`);
    if (s.failures.length > 20)
      lines.push(`  … and ${s.failures.length - 20} more (see calls.csv)`);
  }
  return lines.join('\n');
}

function f(x: number | null): string {
  return x === null ? '-' : String(Math.round(x));
}

function row(cells: string[], firstWidth = 22): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(firstWidth) : c.padStart(7))).join(' ');
}
