/** Hearing by transcript: the grammar's words, the phrases a pattern spells out, lenient read-backs. */
import { describe, expect, it } from 'vitest';
import { FRAME_BYTES } from '../../audio/constants.ts';
import type { CallEvent } from '../../metrics/events.ts';
import { DEFAULT_PERSONA } from '../../scenario/goal-types.ts';
import type { CallerGoal } from '../../scenario/types.ts';
import type { AudioTranscriber } from '../../transcribe/audio-transcriber.ts';
import type { HeardSegment } from '../../transcribe/heard-audio.ts';
import { HeardAudioTap, hearingPhrases, transcriptText } from './heard-transcript.ts';
import { patternPhrases } from './pattern-phrases.ts';
import { shippedRules } from './rules-table.ts';
import { transcriptReadsBack } from './transcript-readback.ts';

const at = { file: 'x.yaml', line: 1, column: 1 };

describe('patternPhrases', () => {
  it('spells out groups and optional parts, and stops phrases at what is not words', () => {
    expect(patternPhrases('\\b(is|was) (that|it) (right|correct)\\b')).toEqual([
      'is that right',
      'is that correct',
      'is it right',
      'is it correct',
      'was that right',
      'was that correct',
      'was it right',
      'was it correct',
    ]);
    expect(patternPhrases("\\bwhat'?s your\\b")).toEqual(["what's your", 'whats your']);
    expect(patternPhrases('\\b(please )?hold( on)?\\b(?! the)')).toEqual([
      'please hold on',
      'please hold',
      'hold on',
      'hold',
    ]);
    expect(patternPhrases('\\bpress \\d\\b')).toEqual(['press']);
  });
});

describe('hearingPhrases', () => {
  it("gives the rules' words and the facts' words, without words that sound like a digit or letter", async () => {
    const goal: CallerGoal = {
      goal: 'x',
      opening: null,
      persona: { ...DEFAULT_PERSONA },
      policy: 'rules',
      maxTurns: 12,
      replyGapMs: 800,
      rulesFile: null,
      hearing: 'transcript',
      facts: [
        { name: 'name', type: 'name', value: 'Dana Lee', at },
        { name: 'order_id', type: 'code', value: 'AB3792', at },
      ],
    };
    const words = hearingPhrases(await shippedRules(), goal);
    expect(words).toEqual(
      expect.arrayContaining([
        'order',
        'number',
        'birth',
        'anything',
        'else',
        'goodbye',
        'right',
        'dana',
        'lee',
      ]),
    );
    for (const homophone of ['to', 'for', 'do', 'be']) expect(words).not.toContain(homophone);
    expect(words.every((w) => !w.includes(' '))).toBe(true);
  });
});

describe('transcriptText', () => {
  const frame = (value: number) => new Uint8Array(FRAME_BYTES).fill(value);
  const events: CallEvent[] = [
    {
      type: 'call_started',
      tMs: 0,
      url: 'ws://x',
      callSid: 'CA1',
      streamSid: 'MZ1',
      connectMs: 1,
      firstMediaMs: 100,
    },
    { type: 'agent_speech_started', tMs: 300 },
    { type: 'agent_speech_ended', tMs: 700 },
    { type: 'agent_speech_started', tMs: 1100 },
  ];

  it('transcribes each closed segment once, from the audio as heard, and not one still open', async () => {
    const tap = new HeardAudioTap();
    for (let k = 0; k < 60; k++) tap.push(k, frame(k));
    const asked: HeardSegment[] = [];
    const transcriber: AudioTranscriber = {
      name: 'fake',
      transcribe: async (segments) => {
        asked.push(...segments);
        return segments.map((s) => ({
          startMs: s.startMs,
          endMs: s.endMs,
          text: s.endMs > 100 ? `heard ${s.startMs}` : '',
          source: 'transcript' as const,
          transcriber: 'fake',
        }));
      },
      close: async () => {},
    };
    const hear = transcriptText({
      tap,
      events: () => events,
      transcriber,
      phrases: [],
      warmUp: true,
    });
    expect(await hear(new AbortController().signal)).toEqual({
      said: [{ atMs: 300, text: 'heard 300' }],
      source: 'transcript',
    });
    expect(await hear(new AbortController().signal)).toEqual({
      said: [{ atMs: 300, text: 'heard 300' }],
      source: 'transcript',
    });
    // The warm-up (80 ms of silence) and the closed segment, once; 300–700 ms plus 100 ms context either side = frames 5..35.
    expect(asked.map((s) => [s.startMs, s.endMs])).toEqual([
      [0, 80],
      [300, 700],
    ]);
    expect(asked[1].mulaw[0]).toBe(5);
    expect(asked[1].mulaw.length).toBe(30 * FRAME_BYTES);
  });
});

describe('transcriptReadsBack', () => {
  const code = { name: 'order_id', type: 'code' as const, value: 'AB3792', at };
  it("takes a read-back whose digits hold the value's digits as right (letters are heard poorly)", () => {
    expect(
      transcriptReadsBack(
        'i or best n apple three as in boy three seven nine two best ab right',
        code,
      ),
    ).toBe(true);
    expect(
      transcriptReadsBack('a as in apple b as in boy three seven nine three is that right', code),
    ).toBe(false);
    expect(
      transcriptReadsBack('is that right', { name: 'name', type: 'name', value: 'Dana Lee', at }),
    ).toBe(false);
  });
});
