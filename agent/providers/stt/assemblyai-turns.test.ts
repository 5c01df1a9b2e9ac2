import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { SttEvent } from '../types.ts';
import type { AssemblyAiServerMessage } from './assemblyai-messages.ts';
import { TurnTracker } from './assemblyai-turns.ts';

type Turn = Extract<AssemblyAiServerMessage, { type: 'Turn' }>;

function turn(order: number, words: [string, number, number][], extra: Partial<Turn> = {}): Turn {
  const wire = words.map(([text, start, end]) => ({
    text,
    start,
    end,
    confidence: 0.8,
    word_is_final: true,
  }));
  return {
    type: 'Turn',
    turn_order: order,
    turn_is_formatted: false,
    end_of_turn: false,
    transcript: wire.map((w) => w.text).join(' '),
    utterance: '',
    end_of_turn_confidence: 0,
    words: wire,
    ...extra,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function tracker(formatTurns = false) {
  const events: SttEvent[] = [];
  let audioMs = 0;
  const t = new TurnTracker((e) => events.push(e), {
    formatTurns,
    formattedTurnWaitMs: 500,
    audioNowMs: () => audioMs,
  });
  return { t, events, setAudio: (ms: number) => (audioMs = ms) };
}

describe('TurnTracker', () => {
  test('an utterance inside a continuing turn is a final without end of turn', () => {
    const { t, events, setAudio } = tracker();
    setAudio(900);
    t.onTurn(
      turn(
        0,
        [
          ['book', 100, 300],
          ['a', 320, 400],
          ['table', 420, 700],
        ],
        { utterance: 'book a table' },
      ),
    );
    setAudio(1500);
    t.onTurn(
      turn(
        0,
        [
          ['book', 100, 300],
          ['a', 320, 400],
          ['table', 420, 700],
          ['tonight', 1000, 1300],
        ],
        { end_of_turn: true },
      ),
    );
    expect(events.filter((e) => e.type === 'final')).toEqual([
      {
        type: 'final',
        text: 'book a table',
        atAudioMs: 900,
        speechEndAudioMs: 700,
        endOfTurn: false,
        confidence: expect.closeTo(0.8),
      },
      {
        type: 'final',
        text: 'book a table tonight',
        atAudioMs: 1500,
        speechEndAudioMs: 1300,
        endOfTurn: true,
        confidence: expect.closeTo(0.8),
      },
    ]);
  });

  test('waits for the formatted text, at most formattedTurnWaitMs; a late formatted turn is dropped', () => {
    const { t, events } = tracker(true);
    t.onTurn(turn(0, [['five', 100, 300]], { end_of_turn: true }));
    expect(events.filter((e) => e.type === 'final')).toEqual([]);
    vi.advanceTimersByTime(500);
    t.onTurn(
      turn(0, [['five', 100, 300]], {
        end_of_turn: true,
        turn_is_formatted: true,
        transcript: '5.',
      }),
    );
    expect(
      events.filter((e) => e.type === 'final').map((e) => (e.type === 'final' ? e.text : '')),
    ).toEqual(['five']);
  });

  test('a new turn flushes a final still waiting for formatting, and announces its own speech', () => {
    const { t, events } = tracker(true);
    t.onTurn(turn(0, [['yes', 100, 300]], { end_of_turn: true }));
    t.onTurn(turn(1, [['no', 900, 1000]]));
    expect(events.map((e) => e.type)).toEqual(['final', 'speech_started', 'partial']);
    expect(events[1]).toEqual({ type: 'speech_started', atAudioMs: 900 });
  });
});
