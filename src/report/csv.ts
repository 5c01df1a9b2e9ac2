/**
 * `calls.csv` (one row a call), `turns.csv` (one row a caller turn), `entities.csv` (one row a
 * declared entity: expected vs captured) and `expectations.csv` (one row a judged expectation),
 * appended as calls finish.
 * Column names are snake_case and say what they hold: times end in `_ms` (milliseconds since the
 * call's stream opened, or a duration), counts in `_count`; `turn` is the 1-based caller turn;
 * `cer` is a ratio (0 = exact). Metric columns are named after the metric (`turn_latency_ms`, as
 * in thresholds and summary.json). Empty cells mean "not applicable".
 */
import { rename, rm } from 'node:fs/promises';
import { TEMP_PREFIX, writeFileAtomic } from './atomic-write.ts';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { ScoredCall } from '../results/scored-call.ts';
import { percentile } from '../metrics/percentiles.ts';
import { AppendQueue } from './append-queue.ts';
import type { Reporter } from './reporter.ts';

type Cell = string | number | boolean | null;

export const CALL_COLUMNS = [
  'scenario',
  'call_id',
  'call_sid',
  'status',
  'reason',
  'ended_by',
  'duration_ms',
  'turn_count',
  'first_agent_speech_ms',
  'turn_latency_p50_ms',
  'turn_latency_max_ms',
  'talk_over_ms',
  'dead_air_ms',
  'longest_silence_ms',
  'violation_count',
  'reply_timeout_count',
  'self_interruption_count',
  'frames_sent_count',
  'frames_late_5ms_count',
  'webhook_response_ms',
  'entity_count',
  'entity_exact_count',
  'entity_misses',
] as const;

export const TURN_COLUMNS = [
  'scenario',
  'call_id',
  'turn',
  'kind',
  'started_ms',
  'ended_ms',
  'caller_end_ms',
  'agent_onset_ms',
  'turn_latency_ms',
  'ttfb_ms',
  'reply_timed_out',
  'interrupted_agent',
  'barge_in_stop_ms',
] as const;

export const ENTITY_COLUMNS = [
  'scenario',
  'call_id',
  'turn',
  'entity',
  'type',
  'expected',
  'captured',
  'exact',
  'cer',
  'source',
] as const;

export const EXPECTATION_COLUMNS = [
  'scenario',
  'call_id',
  'turn',
  'kind',
  'expected',
  'passed',
  'skipped',
  'source',
  'reason',
  'line',
] as const;

/** One row per expectation and success criterion (turn empty for success criteria). */
export function expectationRows(
  c: ScoredCall,
): Record<(typeof EXPECTATION_COLUMNS)[number], Cell>[] {
  return (c.expectations ?? []).map((e) => ({
    scenario: c.scenario,
    call_id: c.callId,
    turn: e.turn,
    kind: e.kind,
    expected: e.description,
    passed: e.passed,
    skipped: e.skipped ?? false,
    source: e.source,
    reason: e.reason,
    line: e.at.line,
  }));
}

export function entityRows(c: ScoredCall): Record<(typeof ENTITY_COLUMNS)[number], Cell>[] {
  return (c.entities ?? []).map((e) => ({
    scenario: c.scenario,
    call_id: c.callId,
    turn: e.turn,
    entity: e.name,
    type: e.type,
    expected: e.expected,
    captured: e.captured,
    exact: e.exact,
    cer: Math.round(e.cer * 1000) / 1000,
    source: e.source,
  }));
}

export function callRow(c: ScoredCall): Record<(typeof CALL_COLUMNS)[number], Cell> {
  const m = c.metrics;
  const latencies = m.turns.map((t) => t.latencyMs).filter((x): x is number => x !== null);
  return {
    scenario: c.scenario,
    call_id: c.callId,
    call_sid: c.callSid,
    status: c.status,
    reason: c.reason,
    ended_by: m.endedBy,
    duration_ms: m.durationMs,
    turn_count: m.turns.length,
    first_agent_speech_ms: m.firstAgentSpeechMs,
    turn_latency_p50_ms: round1(percentile(latencies, 50)),
    turn_latency_max_ms: latencies.length ? Math.max(...latencies) : null,
    talk_over_ms: m.talkOverMs,
    dead_air_ms: m.deadAirMs,
    longest_silence_ms: m.longestSilenceMs,
    violation_count: m.violations,
    reply_timeout_count: m.replyTimeouts,
    self_interruption_count: m.selfInterruptions,
    frames_sent_count: m.framesSent,
    frames_late_5ms_count: m.framesLate5ms,
    webhook_response_ms: m.webhookResponseMs ?? null,
    entity_count: c.entities?.length ?? 0,
    entity_exact_count: c.entities?.filter((e) => e.exact).length ?? 0,
    // A load run keeps no entities.csv: this says which values a call missed, and as what.
    entity_misses:
      c.entities
        ?.filter((e) => !e.exact)
        .map((e) => `${e.name} ${e.expected} → ${e.captured ?? '(none)'}`)
        .join('; ') || null,
  };
}

export function turnRows(c: ScoredCall): Record<(typeof TURN_COLUMNS)[number], Cell>[] {
  return c.metrics.turns.map((t) => ({
    scenario: c.scenario,
    call_id: c.callId,
    turn: t.turn + 1,
    kind: t.kind,
    started_ms: round1(t.startedMs),
    ended_ms: round1(t.endedMs),
    caller_end_ms: round1(t.callerEndMs),
    agent_onset_ms: round1(t.agentOnsetMs),
    turn_latency_ms: t.latencyMs,
    ttfb_ms: t.ttfbMs,
    reply_timed_out: t.replyTimedOut,
    interrupted_agent: t.interruptedAgent,
    barge_in_stop_ms: t.bargeInStopMs,
  }));
}

export function toCsv(
  rows: readonly Record<string, Cell>[],
  columns: readonly string[],
  header: boolean,
): string {
  return stringify(rows as Record<string, Cell>[], {
    header,
    columns: [...columns],
    cast: { boolean: (b) => (b ? 'true' : 'false') },
  });
}

/**
 * `staged`: for rewriting an existing directory (`callbench report`): rows go to temporary files
 * that replace the old CSVs only once all were written, so a failure leaves the old ones whole.
 * A run appends to the real files as calls finish (nothing finished is lost).
 */
export function csvReporter(outDir: string, opts: { staged?: boolean } = {}): Reporter {
  const names = ['calls.csv', 'turns.csv', 'entities.csv', 'expectations.csv'] as const;
  const pathOf = (name: string): string =>
    join(outDir, opts.staged ? `${TEMP_PREFIX}${name}` : name);
  const calls = new AppendQueue(pathOf('calls.csv'));
  const turns = new AppendQueue(pathOf('turns.csv'));
  const entities = new AppendQueue(pathOf('entities.csv'));
  const expectations = new AppendQueue(pathOf('expectations.csv'));
  let failed = false;
  return {
    name: 'csv',
    async onRunStart() {
      await writeFileAtomic(pathOf('calls.csv'), toCsv([], CALL_COLUMNS, true));
      await writeFileAtomic(pathOf('turns.csv'), toCsv([], TURN_COLUMNS, true));
      await writeFileAtomic(pathOf('entities.csv'), toCsv([], ENTITY_COLUMNS, true));
      await writeFileAtomic(pathOf('expectations.csv'), toCsv([], EXPECTATION_COLUMNS, true));
    },
    async onCallEnd(c) {
      try {
        await calls.append(toCsv([callRow(c)], CALL_COLUMNS, false));
        const rows = turnRows(c);
        if (rows.length) await turns.append(toCsv(rows, TURN_COLUMNS, false));
        const entityLines = entityRows(c);
        if (entityLines.length) await entities.append(toCsv(entityLines, ENTITY_COLUMNS, false));
        const expectationLines = expectationRows(c);
        if (expectationLines.length)
          await expectations.append(toCsv(expectationLines, EXPECTATION_COLUMNS, false));
      } catch (err) {
        failed = true;
        throw err;
      }
    },
    async onRunEnd() {
      if (!opts.staged) return;
      if (failed) {
        await Promise.all(names.map((n) => rm(pathOf(n), { force: true })));
        throw new Error(
          `the CSVs could not all be written; the previous ${names.join(', ')} were kept`,
        );
      }
      for (const n of names) await rename(pathOf(n), join(outDir, n));
    },
  };
}

function round1(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10) / 10;
}
