/**
 * `events.jsonl`: every event of every call, one JSON object a line, appended as each call
 * finishes (so nothing finished is lost), in snake_case:
 * `{"call_id":"…","scenario":"…","t_ms":123.4,"type":"agent_speech_started",…}`. Each call's
 * events end with a `call_verdict` line: the final verdict, after expectations and the judge.
 * The reports can be rebuilt from this file alone.
 */
import { writeFileAtomic } from './atomic-write.ts';
import { join } from 'node:path';
import type { CallEvent } from '../metrics/events.ts';
import { AppendQueue } from './append-queue.ts';
import { callVerdictRecord } from './call-verdict.ts';
import type { Reporter } from './reporter.ts';

export function jsonlReporter(outDir: string): Reporter {
  const path = join(outDir, 'events.jsonl');
  const queue = new AppendQueue(path);
  return {
    name: 'jsonl',
    onRunStart: () => writeFileAtomic(path, ''),
    // A call that never started has no events and no verdict line (calls.jsonl records it).
    onCallEnd: (call) =>
      call.events.length
        ? queue.append(
            [
              ...call.events.map((e) =>
                JSON.stringify(eventRecord(call.callId, call.scenario, call.file, e)),
              ),
              JSON.stringify(callVerdictRecord(call)),
            ].join('\n') + '\n',
          )
        : undefined,
  };
}

export function eventRecord(
  callId: string,
  scenario: string,
  file: string,
  e: CallEvent,
): Record<string, unknown> {
  const out: Record<string, unknown> = { call_id: callId, scenario };
  if (e.type === 'call_started') out.file = file;
  for (const [k, v] of Object.entries(e)) out[k === 'tMs' ? 't_ms' : snake(k)] = v;
  return out;
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
