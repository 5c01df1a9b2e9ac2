/**
 * The audio half of a scenario's line conditions, prepared once before any call: the background
 * noise its microphone picks up (at a level, or at an SNR under the caller's own speech) and the
 * handset's level chain (gain, clipping, telephone band), baked into the noise bed the caller
 * sends between turns and into every utterance. The network half (loss, jitter, echo) acts while
 * the call runs (line-sender.ts).
 */
import { FRAME_SAMPLES } from '../audio/constants.ts';
import { generateNoise, needsTalkers, scaleToLevel } from '../audio/line/background.ts';
import { hashSeed, type LineConditions } from '../audio/line/line-conditions.ts';
import { applyLevel, isNeutralLevel, NEUTRAL_LEVEL } from '../audio/line/level-chain.ts';
import { activeLevelDbfs } from '../audio/line/snr.ts';
import { mulawEncode } from '../audio/mulaw.ts';
import { lineNoise, mixInto } from '../audio/noise.ts';
import type { NoiseBed } from './caller-audio.ts';

/** 10 s: long enough that babble and passing traffic do not audibly loop within a turn. */
const BED_FRAMES = 500;

export interface LineAudio {
  /** What the caller sends when not speaking: background through the level chain, plus line noise. */
  bed: NoiseBed;
  /** `speech` as the microphone and handset deliver it: with background noise, through the level chain. */
  shape(speech: Int16Array, utteranceIndex: number): Int16Array;
}

/** Whether the scenario's line changes the prepared audio at all. */
export function shapesAudio(line: LineConditions | undefined): line is LineConditions {
  return (
    line !== undefined &&
    (line.noise !== undefined || (line.level !== undefined && !isNeutralLevel(line.level)))
  );
}

/**
 * The background and level chain for `line`. `speech` (every utterance of the scenario) sets the
 * level of SNR-relative noise; `talkers` gives babble its voices (asked for only when needed).
 */
export async function prepareLineAudio(
  line: LineConditions,
  scenarioName: string,
  lineNoiseDbfs: number | null,
  speech: readonly Int16Array[],
  talkers: () => Promise<Int16Array[]>,
): Promise<LineAudio> {
  const seed = hashSeed(scenarioName) ^ line.seed;
  const samples = BED_FRAMES * FRAME_SAMPLES;
  let background: Int16Array | null = null;
  if (line.noise) {
    const raw = generateNoise(
      line.noise.kind,
      samples,
      seed,
      needsTalkers(line.noise.kind) ? await talkers() : [],
    );
    const level = line.noise.level;
    let dbfs = level.kind === 'dbfs' ? level.dbfs : activeLevelDbfs(speech) - level.snrDb;
    if (!Number.isFinite(dbfs)) dbfs = -60; // no speech to be relative to: a quiet room
    background = scaleToLevel(raw, dbfs);
  }
  const level = line.level ?? NEUTRAL_LEVEL;
  const chain = (x: Int16Array): Int16Array => (isNeutralLevel(level) ? x : applyLevel(x, level));
  const bedPcm = chain(background ?? new Int16Array(samples));
  if (lineNoiseDbfs !== null) mixInto(bedPcm, lineNoise(samples, lineNoiseDbfs, 0x5eed), 0);
  const mulaw = mulawEncode(bedPcm);
  const framesB64: string[] = [];
  for (let i = 0; i < mulaw.length; i += FRAME_SAMPLES)
    framesB64.push(
      Buffer.from(mulaw.buffer, mulaw.byteOffset + i, FRAME_SAMPLES).toString('base64'),
    );
  return {
    bed: { framesB64 },
    shape(speechPcm: Int16Array, utteranceIndex: number): Int16Array {
      const mic = new Int16Array(
        Math.max(1, Math.ceil(speechPcm.length / FRAME_SAMPLES)) * FRAME_SAMPLES,
      );
      mic.set(speechPcm);
      if (background) {
        // Each utterance picks up the room at its own place in the loop.
        const offset =
          (Math.imul(utteranceIndex + 1, 7919 * FRAME_SAMPLES) >>> 0) % background.length;
        for (let i = 0; i < mic.length; i++) {
          const v = mic[i] + background[(offset + i) % background.length];
          mic[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
        }
      }
      return chain(mic);
    },
  };
}
