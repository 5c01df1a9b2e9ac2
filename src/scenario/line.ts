/**
 * `caller.line:` — the line conditions the caller's audio goes through (src/audio/line/):
 *
 *   line:
 *     noise: babble:-35              # or { kind: cafe, snr_db: 10 } / { kind: street, level_dbfs: -40 }
 *     loss: { rate: 0.05, burst_frames: 3, fill: silence }
 *     jitter: { rate: 0.02, max_delay_ms: 200 }
 *     echo: { delay_ms: 120, level_db: -20 }
 *     gain_db: 6
 *     clip_dbfs: -6
 *     band: telephone
 *     seed: 7
 */
import { isScalar } from 'yaml';
import { NOISE_KINDS, type NoiseKind } from '../audio/line/background.ts';
import {
  NOISE_DBFS_RANGE,
  NOISE_SNR_RANGE,
  parseNoiseShort,
  type LineConditions,
  type NoiseSpec,
} from '../audio/line/line-conditions.ts';
import type { LevelSpec } from '../audio/line/level-chain.ts';
import { subjectOf } from './field-path.ts';
import type { NodeReader, Slot } from './node-reader.ts';
import type { NumberRule } from './rules.ts';
import { nearest } from './suggest.ts';

export const LINE_KEYS = [
  'noise',
  'loss',
  'jitter',
  'echo',
  'gain_db',
  'clip_dbfs',
  'band',
  'seed',
] as const;
const BANDS = ['telephone', 'wide'] as const;

const num = (min: number, max: number, unit: string, integer = false): NumberRule => ({
  min,
  max,
  integer,
  unit,
});
export const LINE_RULES = {
  lossRate: num(0, 0.5, ''),
  burstFrames: num(1, 50, 'frames'),
  jitterRate: num(0.001, 1, ''),
  maxDelayMs: num(20, 5_000, 'milliseconds', true),
  echoDelayMs: num(20, 1_000, 'milliseconds', true),
  echoLevelDb: num(-60, 0, 'dB'),
  gainDb: num(-40, 40, 'dB'),
  clipDbfs: num(-40, 0, 'dBFS'),
  noiseDbfs: num(NOISE_DBFS_RANGE.min, NOISE_DBFS_RANGE.max, 'dBFS'),
  snrDb: num(NOISE_SNR_RANGE.min, NOISE_SNR_RANGE.max, 'dB'),
  seed: num(0, 2 ** 31 - 1, '', true),
} as const;

export function readLine(reader: NodeReader, slot: Slot): LineConditions | undefined {
  const fields = reader.map(
    slot,
    LINE_KEYS,
    'a map of line conditions, e.g. line: { noise: babble:-35, loss: { rate: 0.05 } }',
  );
  if (fields === undefined) return undefined;
  const before = reader.errors.length;
  const line: LineConditions = { seed: 0 };
  const get = (key: (typeof LINE_KEYS)[number]): Slot | undefined => fields.get(key);
  const noiseSlot = get('noise');
  if (noiseSlot) line.noise = readNoise(reader, noiseSlot);
  const lossSlot = get('loss');
  if (lossSlot) {
    const loss = reader.map(
      lossSlot,
      ['rate', 'burst_frames', 'fill'],
      'a map, e.g. loss: { rate: 0.05, burst_frames: 3 }',
    );
    const rateSlot = loss?.get('rate');
    if (loss && rateSlot === undefined)
      reader.report(
        reader.locate(loss.node),
        lossSlot.path,
        'missing_field',
        `loss needs rate (the share of 20 ms frames lost), e.g. loss: { rate: 0.05 }`,
      );
    const rate = rateSlot && reader.number(rateSlot, LINE_RULES.lossRate);
    const burstSlot = loss?.get('burst_frames');
    const burstFrames = (burstSlot && reader.number(burstSlot, LINE_RULES.burstFrames)) ?? 1;
    const fillSlot = loss?.get('fill');
    const fill = fillSlot
      ? readChoice(reader, fillSlot, ['silence', 'repeat'] as const)
      : 'silence';
    if (rate !== undefined && fill !== undefined)
      line.loss = { rate, burstFrames, model: burstFrames > 1 ? 'bursty' : 'random', fill };
  }
  const jitterSlot = get('jitter');
  if (jitterSlot) {
    const jitter = reader.map(
      jitterSlot,
      ['rate', 'max_delay_ms'],
      'a map, e.g. jitter: { rate: 0.02, max_delay_ms: 200 }',
    );
    const rateSlot = jitter?.get('rate');
    const maxSlot = jitter?.get('max_delay_ms');
    const rate = (rateSlot && reader.number(rateSlot, LINE_RULES.jitterRate)) ?? 0.02;
    const maxDelayMs = (maxSlot && reader.number(maxSlot, LINE_RULES.maxDelayMs)) ?? 200;
    if (jitter) line.jitter = { rate, maxDelayMs };
  }
  const echoSlot = get('echo');
  if (echoSlot) {
    const echo = reader.map(
      echoSlot,
      ['delay_ms', 'level_db'],
      'a map, e.g. echo: { delay_ms: 120, level_db: -20 }',
    );
    const delaySlot = echo?.get('delay_ms');
    const levelSlot = echo?.get('level_db');
    const delayMs = (delaySlot && reader.number(delaySlot, LINE_RULES.echoDelayMs)) ?? 100;
    const levelDb = (levelSlot && reader.number(levelSlot, LINE_RULES.echoLevelDb)) ?? -20;
    if (echo) line.echo = { delayMs, levelDb };
  }
  const level = readLevel(reader, get('gain_db'), get('clip_dbfs'), get('band'));
  if (level) line.level = level;
  const seedSlot = get('seed');
  line.seed = (seedSlot && reader.number(seedSlot, LINE_RULES.seed)) ?? 0;
  return reader.errors.length > before ? undefined : line;
}

function readLevel(
  reader: NodeReader,
  gainSlot: Slot | undefined,
  clipSlot: Slot | undefined,
  bandSlot: Slot | undefined,
): LevelSpec | undefined {
  if (!gainSlot && !clipSlot && !bandSlot) return undefined;
  const gainDb = (gainSlot && reader.number(gainSlot, LINE_RULES.gainDb)) ?? 0;
  const clipDbfs = (clipSlot && reader.number(clipSlot, LINE_RULES.clipDbfs)) ?? null;
  const band = bandSlot ? readChoice(reader, bandSlot, BANDS) : 'wide';
  return { gainDb, clipDbfs, telephoneBand: band === 'telephone' };
}

function readChoice<T extends string>(
  reader: NodeReader,
  slot: Slot,
  choices: readonly T[],
): T | undefined {
  const text = reader.string(slot, `one of ${choices.join(', ')}`);
  if (text === undefined) return undefined;
  const found = choices.find((c) => c === text);
  if (found !== undefined) return found;
  const guess = nearest(text, choices);
  reader.report(
    reader.locateSlot(slot),
    slot.path,
    'invalid_value',
    `${subjectOf(slot.path)} must be one of ${choices.join(', ')}, got ${JSON.stringify(text)}${guess ? ` — did you mean '${guess}'?` : ''}`,
    guess,
  );
  return undefined;
}

/** `babble:-35`, `cafe:10dB`, or `{ kind, level_dbfs | snr_db }`. */
function readNoise(reader: NodeReader, slot: Slot): NoiseSpec | undefined {
  if (isScalar(slot.node)) {
    const text = reader.scalarText(slot, 'kind:level, e.g. babble:-35 or cafe:10dB');
    if (text === undefined) return undefined;
    try {
      return parseNoiseShort(text);
    } catch (err) {
      reader.report(
        reader.locateSlot(slot),
        slot.path,
        'invalid_value',
        err instanceof Error ? err.message : String(err),
      );
      return undefined;
    }
  }
  const fields = reader.map(
    slot,
    ['kind', 'level_dbfs', 'snr_db'],
    'kind:level (babble:-35) or a map, e.g. { kind: cafe, snr_db: 10 }',
  );
  if (fields === undefined) return undefined;
  const kindSlot = fields.get('kind');
  if (kindSlot === undefined) {
    reader.report(
      reader.locate(fields.node),
      slot.path,
      'missing_field',
      `noise needs kind: one of ${NOISE_KINDS.join(', ')}`,
    );
    return undefined;
  }
  const kind: NoiseKind | undefined = readChoice(reader, kindSlot, NOISE_KINDS);
  const dbfsSlot = fields.get('level_dbfs');
  const snrSlot = fields.get('snr_db');
  if (dbfsSlot && snrSlot) {
    reader.report(
      reader.locate(snrSlot.key),
      snrSlot.path,
      'conflicting_fields',
      'give either level_dbfs (absolute) or snr_db (under the caller’s speech), not both',
    );
    return undefined;
  }
  if (!dbfsSlot && !snrSlot) {
    reader.report(
      reader.locate(fields.node),
      slot.path,
      'missing_field',
      'noise needs level_dbfs (e.g. -35) or snr_db (e.g. 10)',
    );
    return undefined;
  }
  if (kind === undefined) return undefined;
  if (dbfsSlot) {
    const dbfs = reader.number(dbfsSlot, LINE_RULES.noiseDbfs);
    return dbfs === undefined ? undefined : { kind, level: { kind: 'dbfs', dbfs } };
  }
  const snrDb = snrSlot && reader.number(snrSlot, LINE_RULES.snrDb);
  return snrDb === undefined ? undefined : { kind, level: { kind: 'snr', snrDb } };
}
