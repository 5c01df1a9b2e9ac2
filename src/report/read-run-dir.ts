/**
 * Reads a run directory back into scored calls: `events.jsonl` (required: every metric is
 * re-derived from the events, the verdict is its `call_verdict` line), `calls.jsonl` (identity and after-call scores) and `run.json`
 * (agent, thresholds, times). Older or partial directories still load: without calls.jsonl the
 * calls come back without entities, without run.json the times are the event log's mtime.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CallEvent, CallEventType } from '../metrics/events.ts';
import { callMetrics } from '../metrics/call-metrics.ts';
import { CALL_VERDICT, verdictFromRecord } from './call-verdict.ts';
import { CALLS_JSONL, type CallRecord } from './calls-jsonl.ts';
import type { ScoredCall } from '../results/scored-call.ts';
import { notStartedCall } from './not-started.ts';
import { RUN_JSON, type RunInfo } from './run-info.ts';

export const EVENTS_JSONL = 'events.jsonl';

/** The run directory cannot be read: the message says which file and line, and what is wrong. */
export class RunDirError extends Error {
  override readonly name = 'RunDirError';
}

export interface LoadedRun {
  info: RunInfo;
  calls: ScoredCall[];
}

// Every event type, checked by the compiler against CallEvent so a new type cannot be forgotten here.
const EVENT_TYPES: Record<CallEventType, true> = {
  call_started: true,
  caller_turn_started: true,
  caller_turn_ended: true,
  caller_speech_started: true,
  caller_speech_ended: true,
  dtmf_sent: true,
  interrupt_started: true,
  interrupt_skipped: true,
  agent_media_started: true,
  agent_speech_started: true,
  agent_speech_ended: true,
  playback_started: true,
  playback_ended: true,
  mark_received: true,
  mark_echoed: true,
  clear_received: true,
  playback_overflow: true,
  reply_timeout: true,
  reply_too_long: true,
  violation: true,
  stop_sent: true,
  ws_closed: true,
  call_error: true,
  webhook_answered: true,
  call_ended: true,
  caller_line: true,
  converse_ended: true,
  twiml_audio: true,
  status_callback: true,
};

/** The inverse of jsonl.ts's eventRecord: drops the call's identity, camelCases the top-level keys. */
export function eventFromRecord(record: Record<string, unknown>, where: string): CallEvent {
  const type = record.type;
  if (typeof type !== 'string' || !(type in EVENT_TYPES))
    throw new RunDirError(`${where}: unknown event type ${JSON.stringify(type)}`);
  if (typeof record.t_ms !== 'number') throw new RunDirError(`${where}: "t_ms" must be a number`);
  const event: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'call_id' || key === 'scenario' || (key === 'file' && type === 'call_started'))
      continue;
    event[key === 't_ms' ? 'tMs' : camel(key)] = value;
  }
  // The shape was written by eventRecord from a CallEvent of this type; only type and time are re-checked.
  return event as unknown as CallEvent;
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function parseLines(
  text: string,
  file: string,
): { line: number; value: Record<string, unknown> }[] {
  const out: { line: number; value: Record<string, unknown> }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new RunDirError(
        `${file}:${i + 1}: not JSON (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw new RunDirError(`${file}:${i + 1}: expected a JSON object`);
    out.push({ line: i + 1, value: value as Record<string, unknown> });
  });
  return out;
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export async function readRunDir(dir: string): Promise<LoadedRun> {
  const eventsPath = join(dir, EVENTS_JSONL);
  const eventsText = await readOptional(eventsPath);
  if (eventsText === null)
    throw new RunDirError(
      `${eventsPath} not found: give the directory a run wrote its reports to (callbench run --out DIR, it holds events.jsonl) or a load run's (callbench load --out DIR, it holds histograms.json)`,
    );

  const eventsByCall = new Map<
    string,
    {
      scenario: string;
      file: string | null;
      events: CallEvent[];
      verdict: Exclude<ReturnType<typeof verdictFromRecord>, string> | null;
    }
  >();
  for (const { line, value } of parseLines(eventsText, eventsPath)) {
    const where = `${eventsPath}:${line}`;
    if (typeof value.call_id !== 'string' || typeof value.scenario !== 'string')
      throw new RunDirError(`${where}: every line needs "call_id" and "scenario" strings`);
    const entry = eventsByCall.get(value.call_id) ?? {
      scenario: value.scenario,
      file: null,
      events: [],
      verdict: null,
    };
    eventsByCall.set(value.call_id, entry);
    if (value.type === CALL_VERDICT) {
      const verdict = verdictFromRecord(value);
      if (typeof verdict === 'string') throw new RunDirError(`${where}: call_verdict: ${verdict}`);
      entry.verdict = verdict;
      continue;
    }
    if (value.type === 'call_started' && typeof value.file === 'string') entry.file = value.file;
    entry.events.push(eventFromRecord(value, where));
  }

  const records = new Map<string, CallRecord>();
  const callsText = await readOptional(join(dir, CALLS_JSONL));
  if (callsText !== null) {
    for (const { line, value } of parseLines(callsText, join(dir, CALLS_JSONL))) {
      if (typeof value.call_id !== 'string')
        throw new RunDirError(`${join(dir, CALLS_JSONL)}:${line}: missing "call_id"`);
      records.set(value.call_id, value as unknown as CallRecord);
    }
  }

  const calls: ScoredCall[] = [...eventsByCall.entries()].map(
    ([callId, { scenario, file, events, verdict }]) => {
      const started = events.find(
        (e): e is Extract<CallEvent, { type: 'call_started' }> => e.type === 'call_started',
      );
      const record = records.get(callId);
      const metrics = callMetrics(events);
      return {
        callId,
        scenario,
        file: record?.file ?? file ?? '',
        callSid: record?.call_sid ?? started?.callSid ?? '',
        streamSid: record?.stream_sid ?? started?.streamSid ?? '',
        // The final verdict: the event log's call_verdict line, else calls.jsonl, else call_ended (older runs).
        status: verdict?.status ?? record?.status ?? metrics.status,
        reason: verdict
          ? verdict.reason
          : record?.reason !== undefined
            ? record.reason
            : metrics.reason,
        ...(verdict?.complete != null
          ? { complete: verdict.complete }
          : record?.complete !== undefined
            ? { complete: record.complete }
            : {}),
        events,
        metrics,
        ...(record?.entities ? { entities: record.entities } : {}),
        ...(record?.expectations ? { expectations: record.expectations } : {}),
        ...(record?.heard ? { heard: record.heard } : {}),
        ...(record?.agent_stages ? { agentStages: record.agent_stages } : {}),
      };
    },
  );

  // Calls the run planned but never started have a calls.jsonl line and no events.
  for (const record of records.values()) {
    if (record.status === 'not_started' && !eventsByCall.has(record.call_id))
      calls.push(notStartedCall({ name: record.scenario, file: record.file }, record.call_id));
  }
  return { info: await readInfo(dir, eventsPath, calls), calls };
}

async function readInfo(
  dir: string,
  eventsPath: string,
  calls: readonly ScoredCall[],
): Promise<RunInfo> {
  const text = await readOptional(join(dir, RUN_JSON));
  if (text !== null) {
    try {
      const info = JSON.parse(text) as RunInfo;
      if (typeof info.startedAt !== 'string' || !Array.isArray(info.thresholds))
        throw new Error('missing startedAt or thresholds');
      return {
        ...info,
        finishedAt: info.finishedAt ?? (await stat(eventsPath)).mtime.toISOString(),
      };
    } catch (err) {
      throw new RunDirError(
        `${join(dir, RUN_JSON)}: not a run description (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  }
  // A directory from before run.json existed: what the events say, timed by the event log itself.
  const mtime = (await stat(eventsPath)).mtime.toISOString();
  const started = calls
    .flatMap((c) => c.events)
    .find((e): e is Extract<CallEvent, { type: 'call_started' }> => e.type === 'call_started');
  const scenarios = [
    ...new Map(calls.map((c) => [c.scenario, { name: c.scenario, file: c.file }])).values(),
  ];
  return {
    agentUrl: started?.url ?? '',
    cwd: process.cwd(),
    plan: { scenarios, totalCalls: calls.length, concurrency: 1 },
    startedAt: mtime,
    finishedAt: mtime,
    interrupted: false,
    thresholds: [],
    skipped: [],
  };
}
