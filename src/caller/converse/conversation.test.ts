/** The conversation's turn-taking, against a fake line: no network, no audio, an injected clock (frames). */
import { describe, expect, it } from 'vitest';
import type { PreparedUtterance } from '../caller-audio.ts';
import type { CallEvent } from '../../metrics/events.ts';
import { DEFAULT_PERSONA } from '../../scenario/goal-types.ts';
import type { CallerGoal } from '../../scenario/types.ts';
import { Conversation, type ConversationHost } from './conversation.ts';
import type { AgentSaid } from './hearing.ts';
import { styledText, type StyledPart } from '../speech-style.ts';
import { move, type CallerMove, type CallerPolicy, type HeardTurn } from './policy.ts';

const FRAME = 160;
const goal: CallerGoal = {
  goal: 'check on my order',
  opening: null,
  facts: [],
  persona: { ...DEFAULT_PERSONA },
  policy: 'rules',
  maxTurns: 3,
  replyGapMs: 800,
  rulesFile: null,
  hearing: 'auto',
};

/** A line on which the agent "speaks" when the test says so; the caller's audio takes 10 frames. */
class FakeLine implements ConversationHost {
  events: CallEvent[] = [];
  said: string[] = [];
  keys: string[] = [];
  hungUp = false;
  agent = { speaking: false, lastOnsetSample: -1, lastEndSample: -1 };
  agentText: AgentSaid = { said: [], source: 'side_channel' };
  speak(u: PreparedUtterance, _turn: number, start: number) {
    this.said.push(String(u.framesB64[0]));
    return { endSample: start + 10 * FRAME, voiceEndSample: start + 10 * FRAME };
  }
  sendDtmf(digit: string) {
    this.keys.push(digit);
  }
  log(e: CallEvent) {
    this.events.push(e);
  }
  hangup() {
    this.hungUp = true;
  }
  queuedSamples() {
    return 0;
  }
  agentSays(text: string, atSample: number, endSample: number) {
    this.agent = { speaking: false, lastOnsetSample: atSample, lastEndSample: endSample };
    this.agentText = {
      said: [...this.agentText.said, { atMs: atSample / 8, text }],
      source: 'side_channel',
    };
  }
}

/** Answers by script, keyed by the words heard. */
function scriptedPolicy(
  answers: Record<string, Partial<CallerMove> & { say?: string | null }>,
): CallerPolicy & { heard: HeardTurn[] } {
  const heard: HeardTurn[] = [];
  return {
    heard,
    decide(h) {
      heard.push(h);
      const a = answers[h.text] ?? { say: 'what?' };
      return Promise.resolve({
        ...move(a.say ?? null, { policy: 'rules', intent: 'test', pattern: null, fact: null }),
        ...a,
      });
    },
  };
}

/** "Speaks" the line's words and pauses as one frame of text, so tests can see where a pause fell. */
const voice = {
  prepare: (parts: readonly StyledPart[]) =>
    Promise.resolve({ framesB64: [styledText(parts)], voiced: null, pcm: new Int16Array(0) }),
  dispose: () => {},
};

async function run(
  line: FakeLine,
  conversation: Conversation,
  fromFrame: number,
  frames: number,
): Promise<number> {
  let frame = fromFrame;
  for (; frame < fromFrame + frames && !conversation.finished; frame++) {
    conversation.step(frame * FRAME, frame * FRAME);
    await new Promise((r) => setImmediate(r));
  }
  return frame;
}

function start(line: FakeLine, policy: CallerPolicy, over: Partial<CallerGoal> = {}): Conversation {
  return new Conversation(line, {
    goal: { ...goal, ...over },
    until: 'goal_or_hangup',
    firstTurn: 1,
    startSample: 0,
    answeredUpToMs: 0,
    policy,
    voice,
    hear: () => Promise.resolve(line.agentText),
  });
}

describe('Conversation', () => {
  it('answers a question as soon as the agent goes quiet, a statement only after a longer pause', async () => {
    const line = new FakeLine();
    const policy = scriptedPolicy({
      'How can I help?': { say: 'my order' },
      'It shipped.': { say: 'thanks' },
    });
    const c = start(line, policy);
    line.agentSays('How can I help?', 0, 20 * FRAME);
    await run(line, c, 21, 5);
    expect(line.said).toEqual(['my order']); // well before the 800 ms reply gap (40 frames)
    line.agentSays('It shipped.', 40 * FRAME, 60 * FRAME);
    const f = await run(line, c, 40, 100);
    expect(f).toBeGreaterThan(40 + 100 - 1); // 2 s of frames: still waiting, statements wait ≥ 3 s
    expect(line.said).toEqual(['my order']);
    await run(line, c, 140, 100);
    expect(line.said).toEqual(['my order', 'thanks']);
    // Each line after the first is a turn of its own; every decision is logged with what was heard.
    expect(
      line.events
        .filter((e) => e.type === 'caller_turn_started')
        .map((e) => (e.type === 'caller_turn_started' ? e.turn : -1)),
    ).toEqual([2]);
    expect(
      line.events
        .filter((e) => e.type === 'caller_line')
        .map((e) => (e.type === 'caller_line' ? [e.turn, e.heard, e.say] : [])),
    ).toEqual([
      [1, 'How can I help?', 'my order'],
      [2, 'It shipped.', 'thanks'],
    ]);
  });

  it('hears only what is new, including the end of a reply that grew after the caller answered', async () => {
    const line = new FakeLine();
    const policy = scriptedPolicy({});
    const c = start(line, policy);
    line.agentSays('Hello.', 0, 10 * FRAME);
    await run(line, c, 11, 200);
    line.agentText = {
      said: [{ atMs: 0, text: 'Hello. How can I help?' }],
      source: 'side_channel',
    };
    line.agent = { speaking: false, lastOnsetSample: 300 * FRAME, lastEndSample: 310 * FRAME };
    await run(line, c, 311, 5);
    expect(policy.heard.map((h) => h.text)).toEqual(['Hello.', 'How can I help?']);
  });

  it('presses keys, hangs up when the policy says so, and ends with its reason', async () => {
    const line = new FakeLine();
    const c = start(
      line,
      scriptedPolicy({
        'Enter your ZIP?': { say: null, dtmf: '941#' },
        'Goodbye?': { say: null, hangup: true },
      }),
    );
    line.agentSays('Enter your ZIP?', 0, 10 * FRAME);
    await run(line, c, 11, 60);
    expect(line.keys).toEqual(['9', '4', '1', '#']);
    line.agentSays('Goodbye?', 100 * FRAME, 110 * FRAME);
    await run(line, c, 111, 10);
    expect(line.hungUp).toBe(true);
    expect(line.events.find((e) => e.type === 'converse_ended')).toMatchObject({
      reason: 'caller_hangup',
      lines: 1,
    });
  });

  it("says a line in the persona's speech style and records the style applied on its caller_line", async () => {
    const line = new FakeLine();
    const c = start(
      line,
      scriptedPolicy({
        'Your phone number?': { say: "It's four one five, five five five, zero one three four." },
        'Anything else?': { say: 'No, thanks.' },
      }),
      { persona: { ...DEFAULT_PERSONA, numberPauseMs: 1500 } },
    );
    line.agentSays('Your phone number?', 0, 10 * FRAME);
    await run(line, c, 11, 30);
    line.agentSays('Anything else?', 100 * FRAME, 110 * FRAME);
    await run(line, c, 111, 30);
    // The pause falls after the fifth of ten digits; a line without a long number is said as decided.
    expect(line.said).toEqual([
      "It's four one five, five five [pause 1.5 s] five, zero one three four.",
      'No, thanks.',
    ]);
    const lines = line.events.filter((e) => e.type === 'caller_line');
    expect(
      lines.map((e) => (e.type === 'caller_line' ? [e.spoken, e.numberPauseMs] : null)),
    ).toEqual([
      ["It's four one five, five five [pause 1.5 s] five, zero one three four.", 1500],
      [undefined, undefined],
    ]);
    // `say` stays the words decided, with the reason; the style is recorded beside them.
    expect(lines[0]).toMatchObject({
      say: "It's four one five, five five five, zero one three four.",
      intent: 'test',
    });
  });

  it('stops at max_turns instead of talking forever', async () => {
    const line = new FakeLine();
    const c = start(line, scriptedPolicy({}), { maxTurns: 2 });
    for (let i = 0; i < 3; i++) {
      line.agentSays(`Q${i}?`, i * 100 * FRAME, (i * 100 + 10) * FRAME);
      await run(line, c, i * 100 + 11, 80);
    }
    expect(line.said).toEqual(['what?', 'what?']);
    expect(line.events.find((e) => e.type === 'converse_ended')).toMatchObject({
      reason: 'max_turns',
      lines: 2,
    });
    expect(line.hungUp).toBe(true);
  });
});
