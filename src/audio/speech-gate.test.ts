/**
 * The speech gate passes speech (flite voices, with the 100 ms of context the transcriber cuts
 * around each heard segment) and nothing that is not: tones, DTMF, white noise, babble.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FliteTts } from '../speech/flite.ts';
import { synthesizeCached } from '../speech/tts-cache.ts';
import { TEST_TTS_CACHE } from '../../test/helpers.ts';
import { SpeechGate } from './speech-gate.ts';
import { babble, dtmf, tone, whiteNoise } from './test-signals.ts';

let tts: FliteTts;
const gate = new SpeechGate();
const LINES = [
  'your order shipped on monday',
  'the total is forty two dollars',
  'please hold while i check',
  'thank you for calling goodbye',
  'is there anything else',
  'your code is A B 3 7',
];
const say = (text: string, voice: string): Promise<Int16Array> =>
  synthesizeCached(tts, text, { voice, rate: 1 }, TEST_TTS_CACHE);

/** 100 ms of silence each side, as heard segments are cut. */
function withContext(pcm: Int16Array): Int16Array {
  const out = new Int16Array(pcm.length + 1600);
  out.set(pcm, 800);
  return out;
}

beforeAll(async () => {
  tts = await FliteTts.create({ workers: 1 });
});
afterAll(async () => {
  await tts.close();
});

describe('SpeechGate', () => {
  it.each(['kal', 'slt', 'rms'])('passes speech in the %s voice', async (voice) => {
    for (const line of LINES)
      expect(gate.check(withContext(await say(line, voice))).speech, line).toBe(true);
  });

  it.each([
    ['a 440 Hz tone', () => tone(440, 2000, -12)],
    ['a 1 kHz tone', () => tone(1000, 2000, -12)],
    ['a 200 Hz hum', () => tone(200, 2000, -12)],
    ['DTMF keys', () => dtmf('0123456789*#', -10)],
    ['white noise', () => whiteNoise(2000, -20, 1)],
    ['loud white noise', () => whiteNoise(2000, -6, 2)],
  ])('stops %s', (_name, signal) => {
    expect(gate.check(withContext(signal())).speech).toBe(false);
  });

  it.each([6, 8])('stops the babble of %i talkers', async (talkers) => {
    const voices = ['kal', 'slt', 'awb', 'rms'];
    const clips = await Promise.all(
      LINES.map((line, i) => say(`${line} ${line}`, voices[i % voices.length] ?? 'kal')),
    );
    expect(gate.check(withContext(babble(clips, talkers))).speech).toBe(false);
  });
});
