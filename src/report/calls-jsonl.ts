/**
 * `calls.jsonl`: one line per finished call with what the event log does not hold — the call's
 * identity (also for calls that never connected, which log no `call_started`) and what was
 * scored after it: entities, expectations, the heard transcript. With `events.jsonl` and
 * `run.json` it makes `callbench report` lossless.
 */
import { writeFileAtomic } from './atomic-write.ts';
import { join } from 'node:path';
import type { EntityResult } from '../entities/score.ts';
import type { ExpectationResult, HeardUtterance } from '../expectations/types.ts';
import type { CallStatus } from '../metrics/events.ts';
import type { AgentStageTiming } from './agent-stages.ts';
import { AppendQueue } from './append-queue.ts';
import type { ScoredCall } from '../results/scored-call.ts';
import type { Reporter } from './reporter.ts';
import { conversationLines, type ConversationLine } from './conversation.ts';

function conversationOf(call: ScoredCall): { conversation?: ConversationLine[] } {
  const lines = conversationLines(call.events);
  return lines.length ? { conversation: lines } : {};
}

export const CALLS_JSONL = 'calls.jsonl';

export interface CallRecord {
  call_id: string;
  scenario: string;
  file: string;
  call_sid: string;
  stream_sid: string;
  /** The final verdict (expectations can fail a call the event log calls passed). */
  status?: CallStatus;
  reason?: string | null;
  complete?: boolean | null;
  entities?: EntityResult[];
  expectations?: ExpectationResult[];
  heard?: HeardUtterance[];
  agent_stages?: AgentStageTiming[];
  /** Goal-driven calls: the conversation, each caller line with its reason (also in events.jsonl as caller_line). */
  conversation?: ConversationLine[];
}

export function callRecord(call: ScoredCall): CallRecord {
  return {
    call_id: call.callId,
    scenario: call.scenario,
    file: call.file,
    call_sid: call.callSid,
    stream_sid: call.streamSid,
    status: call.status,
    reason: call.reason,
    ...(call.complete !== undefined ? { complete: call.complete } : {}),
    ...(call.entities ? { entities: call.entities } : {}),
    ...(call.expectations ? { expectations: call.expectations } : {}),
    ...(call.heard ? { heard: call.heard } : {}),
    ...(call.agentStages ? { agent_stages: call.agentStages } : {}),
    ...conversationOf(call),
  };
}

export function callsJsonlReporter(outDir: string): Reporter {
  const path = join(outDir, CALLS_JSONL);
  const queue = new AppendQueue(path);
  return {
    name: 'calls-jsonl',
    onRunStart: () => writeFileAtomic(path, ''),
    onCallEnd: (call: ScoredCall) => queue.append(JSON.stringify(callRecord(call)) + '\n'),
  };
}
