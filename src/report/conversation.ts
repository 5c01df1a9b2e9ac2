/**
 * A goal-driven call's conversation, from its `caller_line` events: each agent turn as the caller
 * heard it, what the caller answered and why. Written as `conversation.csv` (one row a caller
 * decision), into each call's line of calls.jsonl, and into the call's timeline in report.html.
 */
import { writeFileAtomic } from './atomic-write.ts';
import { join } from 'node:path';
import type { CallEvent } from '../metrics/events.ts';
import type { ScoredCall } from '../results/scored-call.ts';
import { AppendQueue } from './append-queue.ts';
import { toCsv } from './csv.ts';
import type { Reporter } from './reporter.ts';

export interface ConversationLine {
  t_ms: number;
  /** 1-based, as in turns.csv. */
  turn: number;
  agent: string;
  heard_from: 'side_channel' | 'transcript' | 'none';
  caller: string | null;
  dtmf: string | null;
  hangup: boolean;
  reason: {
    policy: string;
    intent: string;
    pattern: string | null;
    fact: string | null;
    note?: string;
    error?: string;
  };
  /** How the persona's speech style changed the way `caller` was said: "… seven [pause 1.5 s] nine two". */
  style?: { number_pause_ms: number; spoken: string };
}

export function conversationLines(events: readonly CallEvent[]): ConversationLine[] {
  return events.flatMap((e): ConversationLine[] =>
    e.type !== 'caller_line'
      ? []
      : [
          {
            t_ms: e.tMs,
            turn: e.turn + 1,
            agent: e.heard,
            heard_from: e.heardFrom,
            caller: e.say,
            dtmf: e.dtmf,
            hangup: e.hangup,
            reason: {
              policy: e.policy,
              intent: e.intent,
              pattern: e.pattern,
              fact: e.fact,
              ...(e.note === undefined ? {} : { note: e.note }),
              ...(e.error === undefined ? {} : { error: e.error }),
            },
            ...(e.spoken === undefined
              ? {}
              : { style: { number_pause_ms: e.numberPauseMs ?? 0, spoken: e.spoken } }),
          },
        ],
  );
}

export const CONVERSATION_COLUMNS = [
  'scenario',
  'call_id',
  'turn',
  't_ms',
  'agent_said',
  'heard_from',
  'caller_said',
  'dtmf',
  'hangup',
  'policy',
  'intent',
  'pattern',
  'fact',
  'note',
  'error',
] as const;

export function conversationRows(
  c: ScoredCall,
): Record<(typeof CONVERSATION_COLUMNS)[number], string | number | boolean | null>[] {
  return conversationLines(c.events).map((l) => ({
    scenario: c.scenario,
    call_id: c.callId,
    turn: l.turn,
    t_ms: Math.round(l.t_ms),
    agent_said: l.agent,
    heard_from: l.heard_from,
    caller_said: l.caller,
    dtmf: l.dtmf,
    hangup: l.hangup,
    policy: l.reason.policy,
    intent: l.reason.intent,
    pattern: l.reason.pattern,
    fact: l.reason.fact,
    note: l.reason.note ?? null,
    error: l.reason.error ?? null,
  }));
}

export function conversationCsvReporter(outDir: string): Reporter {
  const file = join(outDir, 'conversation.csv');
  const queue = new AppendQueue(file);
  return {
    name: 'conversation-csv',
    async onRunStart() {
      // Atomic: on a full disk the file is absent, never a 0-byte conversation.csv.
      await writeFileAtomic(file, toCsv([], CONVERSATION_COLUMNS, true));
    },
    async onCallEnd(c) {
      const rows = conversationRows(c);
      if (rows.length) await queue.append(toCsv(rows, CONVERSATION_COLUMNS, false));
    },
  };
}
