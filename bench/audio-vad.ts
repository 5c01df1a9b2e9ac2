/**
 * VAD cost per 20 ms frame, and voicedExtent cost per second of audio.
 *   npx tsx bench/audio-vad.ts
 */
import { FRAME_SAMPLES } from '../src/audio/constants.ts';
import { voicedExtent } from '../src/audio/level.ts';
import { lineNoise } from '../src/audio/noise.ts';
import { loadVad } from '../src/audio/vad.ts';

const loadStart = performance.now();
const factory = await loadVad();
console.log(`VAD (Node ${process.version}): load ${(performance.now() - loadStart).toFixed(1)} ms`);

// Speech-like test audio: noise bursts (syllables) between pauses, 60 s.
const audio = lineNoise(8000 * 60, -50, 1);
const syllables = lineNoise(8000 * 60, -18, 2);
for (let i = 0; i < audio.length; i++) if (Math.floor(i / 1600) % 3 !== 2) audio[i] += syllables[i];

for (const mode of [0, 1, 2, 3] as const) {
  const vad = factory.create(mode);
  const frames = audio.length / FRAME_SAMPLES;
  let speech = 0;
  for (let f = 0; f < frames; f++)
    vad.isSpeech(audio.subarray(f * FRAME_SAMPLES, (f + 1) * FRAME_SAMPLES)); // warm-up
  const rounds = 10;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (let f = 0; f < frames; f++)
      if (vad.isSpeech(audio.subarray(f * FRAME_SAMPLES, (f + 1) * FRAME_SAMPLES))) speech++;
  }
  const usPerFrame = ((performance.now() - start) * 1000) / (rounds * frames);
  console.log(
    `  mode ${mode}: ${usPerFrame.toFixed(2)} µs per frame (incl. subarray), ${((100 * speech) / (rounds * frames)).toFixed(0)}% speech`,
  );
  vad.dispose();
}

const vad = factory.create();
const start = performance.now();
for (let i = 0; i < 10; i++) voicedExtent(audio, vad);
console.log(
  `  voicedExtent: ${((performance.now() - start) / 10 / 60).toFixed(3)} ms per second of audio`,
);
