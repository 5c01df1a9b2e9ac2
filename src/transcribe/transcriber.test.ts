/**
 * The offline transcript of what a caller heard: real synthesized agent speech, cut into the
 * agent's speech segments by its events, transcribed by the embedded recognizer in a worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulawEncode } from '../audio/mulaw.ts';
import { readsBack, saysPhrase } from '../expectations/heard-text.ts';
import type { CallEvent } from '../metrics/events.ts';
import { FliteTts } from '../speech/flite.ts';
import { CallRecorder } from '../report/recording.ts';
import { heardSegments } from './heard-audio.ts';
import { HeardTranscriber } from './transcriber.ts';

let tts: FliteTts;
const transcriber = new HeardTranscriber();

beforeAll(async () => {
  tts = await FliteTts.create({ workers: 1 });
});
afterAll(async () => {
  await Promise.all([tts.close(), transcriber.close()]);
});

/** Plays `lines` as agent speech one second apart, as the caller's frames would have heard them. */
async function heardCall(lines: string[]): Promise<{
  audio: { segments(events: CallEvent[]): ReturnType<typeof heardSegments> };
  events: CallEvent[];
}> {
  const firstMediaMs = 110;
  const pieces: Uint8Array[] = [];
  const events: CallEvent[] = [
    {
      type: 'call_started',
      tMs: 0,
      url: 'ws://x',
      callSid: 'CA',
      streamSid: 'MZ',
      connectMs: 1,
      firstMediaMs,
    },
  ];
  let atMs = firstMediaMs;
  const silence = (ms: number) => pieces.push(new Uint8Array(ms * 8).fill(0xff));
  silence(1000);
  atMs += 1000;
  for (const line of lines) {
    const speech = mulawEncode(await tts.synthesize(line, { voice: 'kal', rate: 1 }));
    events.push({ type: 'agent_speech_started', tMs: atMs });
    pieces.push(speech);
    atMs += speech.length / 8;
    events.push({ type: 'agent_speech_ended', tMs: atMs });
    silence(1000);
    atMs += 1000;
  }
  const all = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of pieces) {
    all.set(p, offset);
    offset += p.length;
  }
  const recorder = new CallRecorder();
  for (let k = 0; (k + 1) * 160 <= all.length; k++)
    recorder.onFrames(k, '', all.subarray(k * 160, (k + 1) * 160));
  return { audio: { segments: (e) => heardSegments(recorder.heardMulaw, e) }, events };
}

describe('HeardTranscriber', () => {
  it('transcribes each agent speech segment well enough to judge phrases and a spelled read-back', async () => {
    const { audio, events } = await heardCall([
      "What's your order number?",
      'I heard A as in apple, B as in boy, 3, 7, 9, 2. Is that right?',
    ]);
    const segments = audio.segments(events);
    expect(segments).toHaveLength(2);
    const heard = await transcriber.transcribe(segments, ['order number', 'is that right']);
    expect(heard.map((h) => h.source)).toEqual(['transcript', 'transcript']);
    expect(heard[0].startMs).toBe(1110);
    expect(saysPhrase(heard[0].text, 'order number')).toBe(true);
    expect(saysPhrase(heard[1].text, 'order number')).toBe(false);
    const entity = {
      name: 'order_id',
      type: 'code' as const,
      value: 'AB3792',
      at: { file: 'f', line: 1, column: 1 },
    };
    expect(readsBack(heard[1].text, entity), heard[1].text).toBe(true);
    expect(readsBack(heard[1].text, { ...entity, value: 'AB3793' })).toBe(false);
  }, 60_000);

  it('returns nothing for a call in which the agent never spoke', async () => {
    const { audio, events } = await heardCall([]);
    expect(await transcriber.transcribe(audio.segments(events), ['hello'])).toEqual([]);
  });
});

describe('HeardTranscriber on sounds that are not speech', () => {
  it('hears no words in a tone, DTMF, white noise or babble', async () => {
    const { babble, dtmf, tone, whiteNoise } = await import('../audio/test-signals.ts');
    const voices = ['kal', 'slt', 'awb', 'rms'];
    const lines = [
      'your order shipped on monday',
      'the total is forty two dollars',
      'please hold while i check',
      'thank you for calling goodbye',
      'is there anything else',
      'your code is A B 3 7',
    ];
    const clips = await Promise.all(
      lines.map((l, i) => tts.synthesize(`${l} ${l}`, { voice: voices[i % 4] ?? 'kal', rate: 1 })),
    );
    const signals = [
      tone(440, 2000, -12),
      dtmf('0123456789*#', -10),
      whiteNoise(2000, -20, 1),
      babble(clips, 8),
    ];
    const context = new Uint8Array(800).fill(0xff);
    const segments = signals.map((pcm, i) => ({
      startMs: i * 5000,
      endMs: i * 5000 + pcm.length / 8,
      mulaw: new Uint8Array([...context, ...mulawEncode(pcm), ...context]),
    }));
    // The grammar offers "a" (the word heard in a pure tone before the gate) among the phrases.
    const heard = await transcriber.transcribe(segments, [
      'a',
      'order number',
      'is that right',
      'one two three',
    ]);
    expect(heard.map((h) => h.text)).toEqual(['', '', '', '']);
  });
});
