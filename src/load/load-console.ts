/** The end-of-run text of `callbench load` and `callbench merge`. */
import type { LoadSummary } from '../report/load-types.ts';

export function formatLoadSummary(s: LoadSummary): string {
  const lines: string[] = [];
  const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
  const c = s.calls;
  lines.push('');
  lines.push(
    `${s.passed ? 'PASSED' : 'FAILED'}  ${s.executor}${s.shards.length > 1 || s.shards[0] !== '1/1' ? ` (shards ${s.shards.join(', ')})` : ''}${s.interrupted ? ' — INTERRUPTED' : ''}`,
  );
  lines.push(
    `calls: ${c.started} started, ${c.passed} passed, ${c.failed} failed, ${c.error} error, ${c.aborted} interrupted, ${c.dropped} dropped`,
  );
  lines.push(
    `rates: failure ${pct(s.rates.call_failure_rate)}, offered pass ${pct(s.rates.offered_call_pass_rate)}, entity exact ${pct(s.rates.entity_exact_rate)}`,
  );
  lines.push('metric                count     p50     p90     p95     p99     max');
  for (const [name, d] of Object.entries(s.metrics)) {
    const f = (x: number | null): string => (x === null ? '–' : String(x)).padStart(7);
    lines.push(
      `${name.padEnd(20)} ${String(d.count).padStart(6)} ${f(d.p50)} ${f(d.p90)} ${f(d.p95)} ${f(d.p99)} ${f(d.max)}`,
    );
  }
  const g = s.generator;
  lines.push(
    `generator: ${g.bottleneck ? `BOTTLENECK since t=${g.bottleneckSinceSec} s — latencies after that include the generator's own delay` : 'kept pace'}; send lateness p99 ${g.sendLatenessP99Ms} ms, ${(g.lateShare * 100).toFixed(2)}% frames > 5 ms late, event-loop delay p99 ${g.eventLoopDelayP99Ms} ms, CPU ${g.cpuPercent}% of a core, strained in ${g.strainedSeconds} of ${g.sampledSeconds} s`,
  );
  for (const t of s.thresholds)
    lines.push(
      `${t.ok ? '✓' : '✗'} ${t.metric} ${t.expression}  (actual ${t.actual === null ? 'no samples' : round3(t.actual)})`,
    );
  if (s.findLimit) {
    lines.push(`find-limit (budget ${s.findLimit.budget}):`);
    lines.push(
      '  concurrency  verdict  calls  turn p95 ms  failure  offered pass  entity exact  reason',
    );
    for (const st of s.findLimit.steps) {
      lines.push(
        `  ${String(st.concurrency).padStart(11)}  ${(st.held ? 'held' : 'broke').padEnd(7)}  ${String(st.calls).padStart(5)}  ${String(st.turnLatencyP95Ms ?? '–').padStart(11)}  ${pct(st.failureRate).padStart(7)}  ${pct(st.offeredPassRate).padStart(12)}  ${pct(st.entityExactRate).padStart(12)}  ${st.reason ?? ''}`,
      );
    }
    lines.push(
      `limit: ${s.findLimit.limit === null ? 'none — the smallest level tried broke the budget' : `${s.findLimit.limit} concurrent calls held the budget`}`,
    );
  }
  return lines.join('\n') + '\n';
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
