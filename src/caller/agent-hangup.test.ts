import { describe, expect, test } from 'vitest';
import type { Expectation, Turn } from '../scenario/types.ts';
import { agentHangupProblem, type ScriptPosition } from './agent-hangup.ts';

const at = { file: 't.yaml', line: 1, column: 1 };
const wait = { timeoutMs: 5000, endSilenceMs: 1000, expectReply: true };
const say = (text: string, expect?: Expectation[]): Turn => ({
  kind: 'say',
  utterance: { kind: 'text', text, voice: { voice: 'kal', rate: 1 } },
  wait,
  at,
  ...(expect ? { expect } : {}),
});
const listen = (expect?: Expectation[]): Turn => ({
  kind: 'listen',
  wait,
  at,
  ...(expect ? { expect } : {}),
});
const endsCall: Expectation = { kind: 'ends_call', how: 'any', at };
const pos = (
  index: number,
  phase: ScriptPosition['phase'],
  over: Partial<ScriptPosition> = {},
): ScriptPosition => ({ index, phase, replyHeard: false, expectsReply: false, ...over });

describe('agent hang-up', () => {
  const natural = [
    listen(),
    say('I want to check my order'),
    say("no, that's all"),
    listen([endsCall]),
  ];

  test('after the reply to the last spoken turn, with only a listen left, the call ends normally', () => {
    expect(agentHangupProblem(natural, pos(2, 'reply', { replyHeard: true }))).toBeNull();
    expect(agentHangupProblem(natural, pos(3, 'reply'))).toBeNull();
    expect(
      agentHangupProblem(
        [...natural, { kind: 'hangup', at }],
        pos(2, 'reply', { replyHeard: true }),
      ),
    ).toBeNull();
    expect(agentHangupProblem(natural, pos(3, 'done'))).toBeNull();
  });

  test('a later spoken turn that expects the agent to end the call may be left unplayed', () => {
    expect(
      agentHangupProblem(
        [say('hi'), say('bye', [endsCall])],
        pos(0, 'reply', { replyHeard: true }),
      ),
    ).toBeNull();
  });

  test('before the reply began, the hang-up fails and says which reply was expected', () => {
    expect(agentHangupProblem(natural, pos(2, 'reply'))).toBe(
      `the agent hung up during turn 3; the script still expected a reply to turn 3 (say "no, that's all")`,
    );
  });

  test('with caller turns left, the reason lists them', () => {
    expect(agentHangupProblem(natural, pos(1, 'reply', { replyHeard: true }))).toBe(
      `the agent hung up during turn 2; the script still expected turn 3 (say "no, that's all")`,
    );
    expect(
      agentHangupProblem(
        [say('I would like to book an appointment for next tuesday please'), say('thanks')],
        pos(0, 'speaking', { expectsReply: true }),
      ),
    ).toBe(
      'the agent hung up during turn 1; the script still expected the caller to finish turn 1 (say "I would like to book an appointment for…") and a reply to it, turn 2 (say "thanks")',
    );
    expect(
      agentHangupProblem([{ kind: 'dtmf', digits: '12#', gapMs: 100, wait, at }], pos(-1, 'next')),
    ).toBe(
      'the agent hung up before the first turn; the script still expected turn 1 (dtmf "12#")',
    );
  });

  test('during a goal-driven conversation the agent may hang up at any point; before it began, the conversation was still expected', () => {
    const converse: Turn = { kind: 'converse', until: 'goal_or_hangup', at, entities: [] };
    expect(agentHangupProblem([converse], pos(0, 'converse'))).toBeNull();
    expect(agentHangupProblem([say('hi'), converse], pos(1, 'converse'))).toBeNull();
    expect(agentHangupProblem([say('hi'), converse], pos(0, 'reply', { replyHeard: true }))).toBe(
      'the agent hung up during turn 1; the script still expected turn 2 (converse)',
    );
  });
});
