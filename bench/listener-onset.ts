/**
 * How much the caller's heard-speech onset (src/caller/listener.ts) depends on where the agent's
 * audio falls on the 20 ms frame grid: each phrase is played at 40 sub-frame offsets (0–156
 * samples, step 4) and the listener's onset is compared with the first audible sample.
 *
 *   npm run bench:onset [-- "phrase one" "phrase two" …]
 *
 * Prints, per phrase and voice, the median and largest deviation and how many offsets were more
 * than 1 ms late. A phrase that opens on a faint unvoiced sound followed by a near-silent gap
 * ("th" in "thanks") is where the rule (VAD-confirmed frames, grown over loud neighbours) can
 * land on the vowel instead.
 */
import { FRAME_SAMPLES, MULAW_SILENCE } from '../src/audio/constants.ts';
import { AUDIBLE_THRESHOLD_DBFS, dbfsToAmplitude } from '../src/audio/level.ts';
import { mulawEncode } from '../src/audio/mulaw.ts';
import { loadVad } from '../src/audio/vad.ts';
import { Listener } from '../src/caller/listener.ts';
import { percentile } from '../src/metrics/percentiles.ts';
import { FliteTts } from '../src/speech/flite.ts';

const DEFAULT_PHRASES = [
  'thanks for calling acme',
  'welcome to acme',
  'hello, this is acme',
  'sorry, could you repeat that',
  'your confirmation code is',
];
const VOICES = ['kal', 'slt', 'awb', 'rms'];
const AUDIBLE = Math.round(dbfsToAmplitude(AUDIBLE_THRESHOLD_DBFS));

function trimToFirstAudible(pcm: Int16Array): Int16Array {
  const i = pcm.findIndex((v) => Math.abs(v) >= AUDIBLE);
  return i <= 0 ? pcm : pcm.subarray(i);
}

async function main(phrases: string[]): Promise<void> {
  const vadFactory = await loadVad();
  const tts = await FliteTts.create();
  console.log('phrase | voice | median late ms | max late ms | offsets >1 ms late');
  for (const phrase of phrases) {
    for (const voice of VOICES) {
      const audio = mulawEncode(
        trimToFirstAudible(await tts.synthesize(phrase, { voice, rate: 1 })),
      );
      const lateMs: number[] = [];
      for (let offset = 0; offset < FRAME_SAMPLES; offset += 4) {
        const heard = new Uint8Array(offset + audio.length + 10 * FRAME_SAMPLES).fill(
          MULAW_SILENCE,
        );
        heard.set(audio, offset);
        const vad = vadFactory.create();
        let onset = -1;
        const listener = new Listener(vad, {
          onSpeechStarted: (s) => void (onset < 0 && (onset = s)),
          onSpeechEnded: () => undefined,
        });
        for (let s = 0; s + FRAME_SAMPLES <= heard.length; s += FRAME_SAMPLES)
          listener.pushFrame(s, heard.subarray(s, s + FRAME_SAMPLES), true);
        vad.dispose();
        lateMs.push((onset - offset) / 8);
      }
      console.log(
        `${phrase} | ${voice} | ${percentile(lateMs, 50)} | ${Math.max(...lateMs)} | ${lateMs.filter((x) => x > 1).length}/${lateMs.length}`,
      );
    }
  }
  await tts.close();
}

await main(process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_PHRASES);
