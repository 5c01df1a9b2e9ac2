/**
 * flite text-to-speech: start-up time, time-to-audio and real-time factor per voice, and the
 * cost of worker recycling under back-to-back load.
 *   npx tsx bench/audio-tts.ts
 */
import { SAMPLE_RATE } from '../src/audio/constants.ts';
import { FLITE_VOICES, FliteTts } from '../src/speech/flite.ts';

const PHRASES = [
  'Hi, I would like to book a table for two tomorrow at seven.',
  'My confirmation code is A B 7 3 Q.',
  'You can reach me at 415 555 0134.',
  'Yes, that is correct.',
];

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

let start = performance.now();
const tts = await FliteTts.create();
console.log(`flite TTS (${tts.engineId}, Node ${process.version})`);
console.log(
  `  start-up (compile flite.wasm + boot 1 worker): ${(performance.now() - start).toFixed(0)} ms`,
);
start = performance.now();
await tts.synthesize('Hello.', { voice: 'kal', rate: 1 });
console.log(`  first utterance: ${(performance.now() - start).toFixed(0)} ms`);

console.log('  voice   time-to-audio median / max (ms)   audio (s)   real-time factor');
for (const voice of FLITE_VOICES) {
  await tts.synthesize('warm up', { voice, rate: 1 });
  const times: number[] = [];
  let audioSeconds = 0;
  for (let round = 0; round < 3; round++) {
    for (const text of PHRASES) {
      const t = performance.now();
      const pcm = await tts.synthesize(text, { voice, rate: 1 });
      times.push(performance.now() - t);
      audioSeconds += pcm.length / SAMPLE_RATE;
    }
  }
  const total = times.reduce((s, v) => s + v, 0) / 1000;
  console.log(
    `  ${voice.padEnd(6)}  ${median(times).toFixed(0).padStart(8)} / ${Math.max(...times)
      .toFixed(0)
      .padStart(
        4,
      )}                ${(audioSeconds / times.length).toFixed(2).padStart(6)}      ${(total / audioSeconds).toFixed(4)}`,
  );
}
await tts.close();

// Back-to-back load across worker replacements (default budget 100 utterances per worker).
for (const workers of [1, 2]) {
  const pool = await FliteTts.create({ workers });
  const count = 100;
  start = performance.now();
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const t = performance.now();
      await pool.synthesize(PHRASES[i % PHRASES.length], { voice: 'kal', rate: 1 });
      latencies.push(performance.now() - t);
    }),
  );
  const wall = performance.now() - start;
  console.log(
    `  ${count} kal utterances queued at once, ${workers} worker(s): ${wall.toFixed(0)} ms total, ${(wall / count).toFixed(1)} ms per utterance`,
  );
  await pool.close();
}
