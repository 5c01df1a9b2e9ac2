/**
 * Recorded digits from a tiny generated FSDD-like directory: each "recording" is a tone burst
 * whose length encodes its digit and take, in digital silence, so the spliced clip's structure
 * (which take at which position, trimmed edges, gaps) can be read back off the audio.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, SAMPLE_RATE } from '../audio/constants.ts';
import { AUDIBLE_THRESHOLD_DBFS, dbfsToAmplitude } from '../audio/level.ts';
import { loadVad, type VadFactory } from '../audio/vad.ts';
import { readWavAs8kMono, writePcmWav } from '../audio/wav.ts';
import type { FliteTts } from '../speech/flite.ts';
import { chooseTakes, defaultSpeaker, fsddSkipReason, readFsddIndex } from '../speech/fsdd.ts';
import {
  DEFAULT_CALLER,
  DEFAULT_REPLY_WAIT,
  type RecordedDigits,
  type Scenario,
} from '../scenario/types.ts';
import { prepareScenario, ScenarioSkipped } from './prepare.ts';
import { DIGIT_EDGE_PAD_MS, wordSpan } from './recorded-digits.ts';

const MS = SAMPLE_RATE / 1000;
const LEAD_MS = 300; // silence before each generated word
const TAIL_MS = 200; // and after
/** Word length of a generated take: digit and take can be told apart by length alone. */
const wordMs = (digit: number, take: number): number => 100 + 10 * digit + 50 * take;

/** A voiced-sounding burst (150 Hz with harmonics) with abrupt edges, in digital silence. */
function take(digit: number, takeNo: number, rate: number): Int16Array {
  const at = (ms: number): number => Math.round((ms * rate) / 1000);
  const out = new Int16Array(at(LEAD_MS + wordMs(digit, takeNo) + TAIL_MS));
  const start = at(LEAD_MS);
  const end = start + at(wordMs(digit, takeNo));
  for (let i = start; i < end; i++) {
    const t = (i - start) / rate;
    // Cosines: the first sample is already at full level, so the audible edge is the burst's edge.
    out[i] = Math.round(
      4000 *
        (Math.cos(2 * Math.PI * 150 * t) +
          0.6 * Math.cos(2 * Math.PI * 450 * t) +
          0.4 * Math.cos(2 * Math.PI * 900 * t)),
    );
  }
  return out;
}

/** Lengths (in 1 ms blocks) of the audible runs and of the quiet stretches between them. */
function structure(pcm: Int16Array): { words: number[]; gaps: number[] } {
  const threshold = Math.round(dbfsToAmplitude(AUDIBLE_THRESHOLD_DBFS));
  const loud: boolean[] = [];
  for (let b = 0; b * MS < pcm.length; b++) {
    let peak = 0;
    for (let i = b * MS; i < Math.min(pcm.length, (b + 1) * MS); i++)
      peak = Math.max(peak, Math.abs(pcm[i]));
    loud.push(peak >= threshold);
  }
  const words: number[] = [];
  const gaps: number[] = [];
  let run = 0;
  let quiet = 0;
  for (const isLoud of loud) {
    if (isLoud) {
      if (quiet > 0 && words.length > 0 && run === 0) gaps.push(quiet);
      quiet = 0;
      run++;
    } else {
      if (run > 0) words.push(run);
      run = 0;
      quiet++;
    }
  }
  if (run > 0) words.push(run);
  return { words, gaps };
}

let root: string;
let fsddDir: string;
let vadFactory: VadFactory;
const noTts = async (): Promise<FliteTts> => {
  throw new Error('recorded digits must not start the synthesizer');
};

beforeAll(async () => {
  vadFactory = await loadVad();
  root = await mkdtemp(join(tmpdir(), 'callbench-fsdd-'));
  fsddDir = join(root, 'fsdd');
  await mkdir(fsddDir);
  // alice: every digit, two takes, 8 kHz (as FSDD). bob: digits 1 and 2 only, one take, 16 kHz.
  for (let digit = 0; digit <= 9; digit++) {
    for (let t = 0; t < 2; t++)
      await writeFile(
        join(fsddDir, `${digit}_alice_${t}.wav`),
        writePcmWav(take(digit, t, 8000), 8000),
      );
  }
  for (const digit of [1, 2])
    await writeFile(join(fsddDir, `${digit}_bob_0.wav`), writePcmWav(take(digit, 0, 16000), 16000));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function scenarioSaying(utterance: RecordedDigits, lineNoiseDbfs: number | null = null): Scenario {
  return {
    name: 'digits',
    file: join(root, 'digits.yaml'),
    caller: { ...DEFAULT_CALLER, lineNoiseDbfs },
    parameters: {},
    maxDurationMs: 60_000,
    turns: [
      {
        kind: 'say',
        utterance,
        wait: DEFAULT_REPLY_WAIT,
        at: { file: join(root, 'digits.yaml'), line: 3, column: 5 },
      },
    ],
  };
}

async function prepared(
  utterance: RecordedDigits,
  dir = fsddDir,
  lineNoiseDbfs: number | null = null,
) {
  const plan = await prepareScenario(scenarioSaying(utterance, lineNoiseDbfs), {
    vadFactory,
    getTts: noTts,
    ttsCacheDir: join(root, 'tts'),
    fsddDir: dir,
  });
  const audio = plan.audio.get(0);
  if (audio === undefined) throw new Error('no audio prepared for turn 0');
  return audio;
}

describe('recorded digits, prepared', () => {
  it('splices the trimmed takes with the gap; take = digit position mod takes', async () => {
    const gapMs = 120;
    const audio = await prepared({
      kind: 'recorded_digits',
      dataset: 'fsdd',
      digits: '1121',
      speaker: 'alice',
      gapMs,
    });
    // Positions 0..3 use takes 0, 1, 0, 1 of the digits 1, 1, 2, 1.
    const expectedWords = [wordMs(1, 0), wordMs(1, 1), wordMs(2, 0), wordMs(1, 1)];
    const { words, gaps } = structure(audio.pcm);
    expect(words).toEqual(expectedWords);
    // Between words: the gap plus the silence kept at each trimmed edge, nothing of the 300/200 ms around each take.
    expect(gaps).toEqual([1, 2, 3].map(() => gapMs + 2 * DIGIT_EDGE_PAD_MS));
    const expectedSamples =
      (expectedWords.reduce((a, b) => a + b, 0) + 4 * 2 * DIGIT_EDGE_PAD_MS + 3 * gapMs) * MS;
    expect(audio.pcm.length).toBe(expectedSamples);
    expect(audio.framesB64).toHaveLength(Math.ceil(expectedSamples / FRAME_SAMPLES));
    // The voiced extent (latency reference) spans the first word's onset to the last word's end.
    expect(audio.voiced?.startSample).toBe(DIGIT_EDGE_PAD_MS * MS);
    expect(audio.voiced?.endSample).toBe(expectedSamples - DIGIT_EDGE_PAD_MS * MS);
  });

  it('is the same audio every time', async () => {
    const u: RecordedDigits = {
      kind: 'recorded_digits',
      dataset: 'fsdd',
      digits: '90210',
      gapMs: 150,
    };
    const [a, b] = [await prepared(u, fsddDir, -60), await prepared(u, fsddDir, -60)];
    expect(Buffer.from(a.pcm.buffer).equals(Buffer.from(b.pcm.buffer))).toBe(true);
    expect(a.framesB64).toEqual(b.framesB64);
  });

  it('without a speaker uses the first by name who recorded every digit', async () => {
    const index = await readFsddIndex(fsddDir);
    expect(index && defaultSpeaker(index, '12')).toBe('alice');
    expect(index && defaultSpeaker(index, '3')).toBe('alice');
    const audio = await prepared({
      kind: 'recorded_digits',
      dataset: 'fsdd',
      digits: '12',
      gapMs: 0,
    });
    expect(structure(audio.pcm).words).toEqual([wordMs(1, 0), wordMs(2, 1)]);
  });

  it('resamples recordings that are not 8 kHz', async () => {
    const audio = await prepared({
      kind: 'recorded_digits',
      dataset: 'fsdd',
      digits: '21',
      speaker: 'bob',
      gapMs: 200,
    });
    const { words, gaps } = structure(audio.pcm);
    // The resampling filter rings a little either side of an abrupt edge: allow 1 ms.
    expect(words).toHaveLength(2);
    words.forEach((w, i) => expect(Math.abs(w - wordMs([2, 1][i], 0))).toBeLessThanOrEqual(1));
    expect(Math.abs(gaps[0] - (200 + 2 * DIGIT_EDGE_PAD_MS))).toBeLessThanOrEqual(2);
  });

  it('a missing dataset skips the scenario with the reason, before making any audio', async () => {
    const absent = join(root, 'no-such-dir');
    const attempt = prepared(
      { kind: 'recorded_digits', dataset: 'fsdd', digits: '1', gapMs: 0 },
      absent,
    );
    await expect(attempt).rejects.toBeInstanceOf(ScenarioSkipped);
    const skipped = await attempt.catch((e: unknown) => e);
    expect(skipped).toMatchObject({
      file: join(root, 'digits.yaml'),
      scenario: 'digits',
      reason: `needs ../shared/data/fsdd (FSDD recordings), not found at ${absent}; set CALLBENCH_FSDD_DIR`,
    });
    expect(fsddSkipReason(absent)).toBe((skipped as ScenarioSkipped).reason);
  });

  it('a recording with no speech in it is a PrepareError naming the file', async () => {
    const dir = join(root, 'silent');
    await mkdir(dir);
    await writeFile(join(dir, '5_carol_0.wav'), writePcmWav(new Int16Array(4000), 8000));
    await expect(
      prepared({ kind: 'recorded_digits', dataset: 'fsdd', digits: '5', gapMs: 0 }, dir),
    ).rejects.toThrow(/turns\[1\] \(say\): .*5_carol_0\.wav: no audible speech/);
  });
});

const REAL_FSDD = '/work/shared/data/fsdd';
describe.skipIf(!existsSync(REAL_FSDD))(
  'recorded digits from the real FSDD (skipped: /work/shared/data/fsdd absent)',
  () => {
    it('a phone number by jackson: ten trimmed digits, 120 ms apart', async () => {
      const u: RecordedDigits = {
        kind: 'recorded_digits',
        dataset: 'fsdd',
        digits: '4155550134',
        speaker: 'jackson',
        gapMs: 120,
      };
      const audio = await prepared(u, REAL_FSDD, -60);
      const index = await readFsddIndex(REAL_FSDD);
      if (index === null) throw new Error('FSDD vanished');
      const files = chooseTakes(index, 'jackson', u.digits);
      expect(new Set(files.filter((f) => /\/5_/.test(f))).size).toBe(4); // 415 555 0134: the four 5s are four different takes
      const vad = vadFactory.create();
      let voiced = 0;
      let raw = 0;
      try {
        for (const file of files) {
          const { samples } = readWavAs8kMono(new Uint8Array(await readFile(file)), file);
          const span = wordSpan(samples, vad);
          expect(span.end - span.start, file).toBeGreaterThan(100 * MS); // a spoken digit lasts longer than 100 ms
          voiced += span.end - span.start;
          raw += samples.length;
        }
      } finally {
        vad.dispose();
      }
      expect(audio.pcm.length).toBe(voiced + 9 * 120 * MS);
      expect(voiced).toBeLessThanOrEqual(raw); // most FSDD takes are cut at the word already
      const seconds = audio.pcm.length / SAMPLE_RATE;
      expect(seconds).toBeGreaterThan(2.5);
      expect(seconds).toBeLessThan(7);
      expect(audio.voiced).not.toBeNull();
    });

    it("trims the silence some takes keep (jackson's 6s keep 40-380 ms after the word)", async () => {
      const u: RecordedDigits = {
        kind: 'recorded_digits',
        dataset: 'fsdd',
        digits: '6666',
        speaker: 'jackson',
        gapMs: 0,
      };
      const audio = await prepared(u, REAL_FSDD);
      const index = await readFsddIndex(REAL_FSDD);
      if (index === null) throw new Error('FSDD vanished');
      let raw = 0;
      for (const file of chooseTakes(index, 'jackson', u.digits))
        raw += readWavAs8kMono(new Uint8Array(await readFile(file)), file).samples.length;
      expect(raw - audio.pcm.length).toBeGreaterThan(600 * MS);
    });
  },
);
