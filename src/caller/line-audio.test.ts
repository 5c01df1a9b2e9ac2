/** Line conditions through scenario preparation: real synthesized speech, real noise, measured levels. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_TTS_CACHE } from '../../test/helpers.ts';
import { activeLevelDbfs, overallLevelDbfs } from '../audio/line/snr.ts';
import { mulawDecode } from '../audio/mulaw.ts';
import { loadVad, type VadFactory } from '../audio/vad.ts';
import { parseScenario } from '../scenario/parse-scenario.ts';
import type { Scenario } from '../scenario/types.ts';
import { FliteTts } from '../speech/flite.ts';
import { prepareScenario } from './prepare.ts';
import type { PreparedUtterance } from './caller-audio.ts';

let tts: FliteTts;
let vadFactory: VadFactory;
beforeAll(async () => {
  tts = await FliteTts.create();
  vadFactory = await loadVad();
});
afterAll(async () => {
  await tts?.close();
});

function scenario(yaml: string): Scenario {
  const parsed = parseScenario(yaml, '/tmp/line-audio.yaml');
  if (!parsed.scenario) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.scenario;
}

const sent = (u: PreparedUtterance): Int16Array =>
  mulawDecode(Buffer.concat(u.framesB64.map((f) => Buffer.from(f, 'base64'))));
const prepare = (s: Scenario) =>
  prepareScenario(s, { vadFactory, getTts: async () => tts, ttsCacheDir: TEST_TTS_CACHE });

describe('line audio in prepared scenarios', () => {
  test('background noise at an SNR: the caller’s speech stands 10 dB over it, within 1 dB', async () => {
    const plan = await prepare(
      scenario(
        'name: cafe\ncaller: { voice: kal, line_noise_dbfs: off, line: { noise: cafe:10dB } }\nturns:\n  - say: "I would like to check on my order please"\n',
      ),
    );
    const u = plan.audio.get(0)!;
    // SNR is long-term (the room does not get louder for a word): the 10 s loop the caller sends
    // between turns, and draws each utterance's background from, holds the set level.
    const bed = mulawDecode(
      Buffer.concat((plan.bed?.framesB64 ?? []).map((f) => Buffer.from(f, 'base64'))),
    );
    expect(bed.length).toBe(500 * 160);
    expect(Math.abs(activeLevelDbfs([u.pcm]) - overallLevelDbfs(bed) - 10)).toBeLessThan(1);
    // The utterance carries that background under the speech.
    const noise = sent(u).map((v, i) => v - (u.pcm[i] ?? 0));
    expect(overallLevelDbfs(noise)).toBeGreaterThan(activeLevelDbfs([u.pcm]) - 20);
  }, 60_000);

  test('a turn’s own line changes only that utterance', async () => {
    const plan = await prepare(
      scenario(
        'name: quiet\ncaller: { voice: kal, line_noise_dbfs: off }\nturns:\n  - say: "hello there"\n  - say: { text: "hello there", line: { gain_db: -20 } }\n',
      ),
    );
    const loud = sent(plan.audio.get(0)!);
    const quiet = sent(plan.audio.get(1)!);
    expect(activeLevelDbfs([loud]) - activeLevelDbfs([quiet])).toBeGreaterThan(19);
    expect(activeLevelDbfs([loud]) - activeLevelDbfs([quiet])).toBeLessThan(21);
    expect(plan.bed).toBeUndefined();
  }, 60_000);

  test('a turn cannot have call-wide conditions', () => {
    const parsed = parseScenario(
      'name: a\nturns:\n  - say: { text: hi, line: { loss: { rate: 0.1 } } }\n',
      '/tmp/a.yaml',
    );
    expect(parsed.errors.map((e) => e.detail)).toEqual([
      "loss apply to the whole call — put them under caller.line; a turn's line: takes noise, gain_db, clip_dbfs and band",
    ]);
  });
});
