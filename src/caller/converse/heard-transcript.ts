/**
 * Hearing the agent without its side channel: what the caller heard of the agent (the call's
 * played audio, frame by frame) cut into the agent's speech segments as the listener found them,
 * and each new segment transcribed by the run's transcriber (the embedded recognizer in its worker
 * thread by default; a cloud one only when the user chose it). The frame thread only copies 160
 * bytes a frame; recognition runs off it, once per segment (segments already heard are cached).
 */
import { FRAME_BYTES, MULAW_SILENCE } from '../../audio/constants.ts';
import { MulawFrameLog } from '../../audio/frame-log.ts';
import type { CallEvent } from '../../metrics/events.ts';
import type { AudioTranscriber } from '../../transcribe/audio-transcriber.ts';
import { heardSegments } from '../../transcribe/heard-audio.ts';
import type { CallerGoal } from '../../scenario/types.ts';
import type { AgentTextSource } from './hearing.ts';
import { patternPhrases } from './pattern-phrases.ts';
import type { RulesTable } from './rules-table.ts';

/** The audio the caller heard so far, frame k at bytes [160k, 160k + 160). */
export class HeardAudioTap {
  private readonly log = new MulawFrameLog(10);

  /** Called every 20 ms with the call's (reused) heard frame: copies it. */
  push(frameIndex: number, heard: Uint8Array): void {
    this.log.write(frameIndex, heard);
  }

  get mulaw(): Uint8Array {
    return this.log.mulaw;
  }
}

export interface TranscriptHearingOptions {
  tap: HeardAudioTap;
  /** The call's events so far (agent_speech_started/ended cut the segments). */
  events: () => readonly CallEvent[];
  transcriber: AudioTranscriber;
  /** The spotting grammar's phrases: the embedded recognizer hears only these words, digits and letters. */
  phrases: readonly string[];
  /** Start the recognizer now (hearing: transcript); under auto it starts only once an agent turns out not to report. */
  warmUp: boolean;
}

/**
 * The agent's words as transcribed from the audio: one utterance per closed speech segment, at its
 * start, so HeardText tracks what was answered as it does for side-channel replies.
 */
export function transcriptText(options: TranscriptHearingOptions): AgentTextSource {
  const done = new Map<string, Promise<string>>();
  // Warm up now, while the agent greets: the embedded recognizer's thread starts on first use and
  // compiles the grammar (seconds on a loaded machine), which would otherwise delay the first answer.
  // 80 ms of silence is gated out before recognition (and is under what a cloud API is sent), so it decodes nothing.
  if (options.warmUp)
    void options.transcriber
      .transcribe(
        [{ startMs: 0, endMs: 80, mulaw: new Uint8Array(FRAME_BYTES * 4).fill(MULAW_SILENCE) }],
        options.phrases,
      )
      .catch(() => undefined);
  return async () => {
    const events = options.events();
    // Only closed segments: the agent is quiet when its words are asked for; a segment still open
    // would be cut short now and transcribed again later.
    const closed = events.filter((e) => e.type === 'agent_speech_ended').length;
    const segments = heardSegments(options.tap.mulaw, events).slice(0, closed);
    const texts = await Promise.all(
      segments.map((segment) => {
        const key = `${segment.startMs}-${segment.endMs}`;
        let text = done.get(key);
        if (text === undefined) {
          text = options.transcriber.transcribe([segment], options.phrases).then((heard) =>
            heard
              .map((h) => h.text)
              .join(' ')
              .trim(),
          );
          // A failed transcription is tried again next time rather than cached.
          text.catch(() => done.delete(key));
          done.set(key, text);
        }
        return text;
      }),
    );
    return {
      said: segments
        .map((s, i) => ({ atMs: s.startMs, text: texts[i] }))
        .filter((u) => u.text !== ''),
      source: 'transcript',
    };
  };
}

/**
 * What the caller listens for: the words of the phrases the rules table's patterns match ("order
 * number", "date of birth", "is that right"), which is what the rules policy needs to recognize, and
 * the words of the caller's own facts (names, read back). Digits and letters are in every spotting
 * grammar. Words, not whole phrases: the recognizer's search grows with the grammar, and the
 * shipped table's ~400 phrases cost ~12x the CPU of its ~180 words for about the same words heard
 * (bench/caller-hearing.ts).
 */
/**
 * Rule words that sound like a digit or a letter name: in the grammar they take the place of the
 * characters of a read-back ("nine do" for "nine two"), which the caller must check exactly.
 */
const SOUNDS_LIKE_DIGIT_OR_LETTER = new Set([
  'do',
  'to',
  'too',
  'for',
  'oh',
  'be',
  'see',
  'are',
  'you',
  'why',
  'won',
  'ate',
  'eye',
  'the',
]);

export function hearingPhrases(table: RulesTable, goal: CallerGoal): string[] {
  const fromRules = table.rules.flatMap((r) => r.patterns.flatMap((p) => patternPhrases(p.source)));
  const fromFacts = goal.facts.flatMap((f) =>
    /[a-z]{2}/i.test(f.value) ? [f.value.replace(/[^A-Za-z' ]+/g, ' ')] : [],
  );
  const words = [...fromRules, ...fromFacts].flatMap((p) => p.toLowerCase().split(/\s+/));
  return [
    ...new Set(
      words
        .map((w) => w.replace(/^'+|'+$/g, ''))
        .filter((w) => w.length > 1 && !SOUNDS_LIKE_DIGIT_OR_LETTER.has(w)),
    ),
  ];
}
