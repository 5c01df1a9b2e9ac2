/**
 * A sample of every caller voice, and what it costs to make: each voice speaks the same line,
 * synthesized fresh (not from the cache) so the timing is the engine's, and written as a WAV.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_RATE } from '../audio/constants.ts';
import { writePcmWav } from '../audio/wav.ts';
import type { FliteTts } from './flite.ts';
import { VOICES, type VoiceInfo } from './voices.ts';

export const SAMPLE_TEXT =
  'Hi, I am calling about my order. The number is A as in apple, B as in boy, three seven nine two.';

export interface VoiceSample {
  voice: VoiceInfo;
  /** Where the WAV was written. */
  file: string;
  audioSeconds: number;
  /** Wall time of the synthesis (the worker's compute plus a message round trip). */
  synthesisMs: number;
  /** synthesisMs per second of audio. */
  msPerAudioSecond: number;
}

export async function writeVoiceSamples(
  tts: FliteTts,
  dir: string,
  text = SAMPLE_TEXT,
  now: () => number = () => performance.now(),
): Promise<VoiceSample[]> {
  await mkdir(dir, { recursive: true });
  // One throwaway utterance first, so the first voice's time does not include the worker warming up.
  await tts.synthesize('warm up', { voice: 'slt', rate: 1 });
  const out: VoiceSample[] = [];
  for (const voice of VOICES) {
    const started = now();
    const pcm = await tts.synthesize(text, { voice: voice.voice, rate: 1 });
    const synthesisMs = now() - started;
    const file = join(dir, `${voice.name.replace(':', '_')}.wav`);
    await writeFile(file, writePcmWav(pcm, SAMPLE_RATE));
    const audioSeconds = pcm.length / SAMPLE_RATE;
    out.push({
      voice,
      file,
      audioSeconds,
      synthesisMs,
      msPerAudioSecond: audioSeconds > 0 ? synthesisMs / audioSeconds : 0,
    });
  }
  return out;
}
