/**
 * What the caller says: text in a flite voice, a recorded WAV file, or digits spliced from a
 * dataset of real recordings. Used by `say` turns, by `interrupt.say`, and (for the voice
 * settings) by the scenario's `caller` section.
 */
import { isAbsolute, resolve } from 'node:path';
import { isMap, isScalar } from 'yaml';
import type { FieldPath } from './field-path.ts';
import type { ElsewhereHint, MapFields, NodeReader, Slot } from './node-reader.ts';
import { RECORDED_DIGITS_MAX, RECORDED_DIGITS_PATTERN, RULES, VOICES } from './rules.ts';
import { nearest } from './suggest.ts';
import { resolveVoice, VOICE_NAMES } from '../speech/voices.ts';
import { readLine } from './line.ts';
import {
  DEFAULT_RECORDED_DIGIT_GAP_MS,
  RECORDED_DATASETS,
  type RecordedDataset,
  type SourceLocation,
  type SpeechStyle,
  type TurnLine,
  type Utterance,
  type VoiceSettings,
} from './types.ts';

/** An audio file a scenario refers to; the loader checks each one exists and is a WAV file. */
export interface WavReference {
  kind: 'wav';
  path: string; // absolute
  at: SourceLocation;
  field: FieldPath;
}

/**
 * Recorded digits a scenario asks for. When the dataset is present the loader checks the speaker
 * exists and recorded every digit; when it is absent nothing is checked (preparation skips the scenario).
 */
export interface RecordedDigitsReference {
  kind: 'recorded_digits';
  dataset: RecordedDataset;
  digits: string;
  /** Where `digits` is, for "no recording of 7" errors. */
  at: SourceLocation;
  field: FieldPath;
  speaker?: { name: string; at: SourceLocation; field: FieldPath };
}

export type AudioReference = WavReference | RecordedDigitsReference;

export interface UtteranceContext {
  reader: NodeReader;
  /** The scenario's caller voice: what text utterances use unless they say otherwise. */
  voice: VoiceSettings;
  /** The scenario file's directory: audio paths are relative to it. */
  dir: string;
  audio: AudioReference[];
}

export const VOICE_KEYS = ['voice', 'rate', 'pitch_hz'] as const;
/** The recorded-digits form's own keys (`digits` is what selects the form). */
export const RECORDED_KEYS = ['recorded', 'speaker', 'gap_ms'] as const;
export const UTTERANCE_KEYS = [
  'text',
  'audio',
  'digits',
  'style',
  'line',
  ...RECORDED_KEYS,
  ...VOICE_KEYS,
] as const;

export function readVoiceName(reader: NodeReader, slot: Slot): string | undefined {
  const node = slot.node;
  if (!isScalar(node) || typeof node.value !== 'string')
    return reader.wrongType(slot, `one of ${VOICES.join(', ')}`);
  const name = node.value;
  const resolved = resolveVoice(name);
  // Stored as the engine's own name: flite:slt and slt are one voice, with one cache entry.
  if (typeof resolved !== 'string') return resolved.voice;
  const guess = nearest(name, VOICE_NAMES);
  const hint = guess === undefined ? '' : ` — did you mean '${guess}'?`;
  reader.report(
    reader.locateSlot(slot),
    slot.path,
    'unknown_voice',
    `voice must be one of ${VOICES.join(', ')} (or engine-prefixed: ${VOICE_NAMES.filter((v) => v.includes(':')).join(', ')}), got ${JSON.stringify(name)}${resolved.startsWith('unknown voice engine') ? ` — ${resolved}` : hint}`,
    guess,
  );
  return undefined;
}

/** voice / rate / pitch_hz from `fields`, each falling back to `base` independently. */
export function readVoiceSettings(
  reader: NodeReader,
  fields: MapFields,
  base: VoiceSettings,
): VoiceSettings {
  const voiceSlot = fields.get('voice');
  const rateSlot = fields.get('rate');
  const pitchSlot = fields.get('pitch_hz');
  const voice = (voiceSlot && readVoiceName(reader, voiceSlot)) ?? base.voice;
  const rate = (rateSlot && reader.number(rateSlot, RULES.rate)) ?? base.rate;
  const pitchHz = (pitchSlot && reader.number(pitchSlot, RULES.pitchHz)) ?? base.pitchHz;
  return pitchHz === undefined ? { voice, rate } : { voice, rate, pitchHz };
}

const EXPECTED =
  'text, or a map with text, audio or digits — e.g. "hello", { audio: recordings/hello.wav } or { digits: "4155550134", recorded: fsdd }';
const DIGITS_EXAMPLE = '{ digits: "4155550134", recorded: fsdd }';

export interface ReadUtterance {
  utterance: Utterance | undefined;
  /** The map form's fields, so a `say` turn can read its reply options from the same map. */
  fields: MapFields | undefined;
}

/**
 * Reads `"text"`, `{ text | audio, voice?, rate?, pitch_hz? }` or
 * `{ digits, recorded, speaker?, gap_ms? }` (plus `extraKeys`, which the caller reads from the
 * returned fields).
 */
export function readUtterance(
  ctx: UtteranceContext,
  slot: Slot,
  extraKeys: readonly string[] = [],
  elsewhere?: ElsewhereHint,
): ReadUtterance {
  const read = readUtteranceForm(ctx, slot, extraKeys, elsewhere);
  const lineSlot = read.fields?.get('line');
  if (lineSlot === undefined || read.utterance === undefined) return read;
  const line = readTurnLine(ctx.reader, lineSlot);
  return {
    utterance: line === undefined ? undefined : { ...read.utterance, line },
    fields: read.fields,
  };
}

/** `line:` beside an utterance: its own noise and level; loss, jitter and echo belong to the whole call. */
function readTurnLine(reader: NodeReader, slot: Slot): TurnLine | undefined {
  const line = readLine(reader, slot);
  if (line === undefined) return undefined;
  const callWide = (['loss', 'jitter', 'echo', 'seed'] as const).filter(
    (k) => line[k] !== undefined && !(k === 'seed' && line.seed === 0),
  );
  if (callWide.length > 0) {
    reader.report(
      reader.locateSlot(slot),
      slot.path,
      'invalid_value',
      `${callWide.join(', ')} apply to the whole call — put them under caller.line; a turn's line: takes noise, gain_db, clip_dbfs and band`,
    );
    return undefined;
  }
  return {
    ...(line.noise ? { noise: line.noise } : {}),
    ...(line.level ? { level: line.level } : {}),
  };
}

function readUtteranceForm(
  ctx: UtteranceContext,
  slot: Slot,
  extraKeys: readonly string[],
  elsewhere?: ElsewhereHint,
): ReadUtterance {
  const { reader } = ctx;
  if (isScalar(slot.node) && slot.node.value !== null) {
    const text = reader.scalarText(slot, EXPECTED)?.trim();
    return {
      utterance: text === undefined ? undefined : { kind: 'text', text, voice: ctx.voice },
      fields: undefined,
    };
  }
  if (!isMap(slot.node)) return { utterance: reader.wrongType(slot, EXPECTED), fields: undefined };
  const fields = reader.map(slot, [...UTTERANCE_KEYS, ...extraKeys], EXPECTED, elsewhere);
  if (fields === undefined) return { utterance: undefined, fields };
  const textSlot = fields.get('text');
  const audioSlot = fields.get('audio');
  const digitsSlot = fields.get('digits');
  if (textSlot !== undefined && audioSlot !== undefined) {
    reader.report(
      reader.locate(audioSlot.key),
      audioSlot.path,
      'conflicting_fields',
      'use either text or audio, not both — make them two turns if both should be said',
    );
    return { utterance: undefined, fields };
  }
  const other = textSlot !== undefined ? 'text' : audioSlot !== undefined ? 'audio' : undefined;
  if (digitsSlot !== undefined && other !== undefined) {
    reader.report(
      reader.locate(digitsSlot.key),
      digitsSlot.path,
      'conflicting_fields',
      `use either ${other} or digits, not both — make them two turns if both should be said`,
    );
    return { utterance: undefined, fields };
  }
  if (digitsSlot !== undefined)
    return { utterance: readRecordedDigits(ctx, fields, digitsSlot), fields };
  if (!rejectRecordedKeys(ctx, fields)) return { utterance: undefined, fields };
  if (textSlot !== undefined) {
    // Trimmed: a block scalar (`text: |`) ends with a newline that means nothing to a voice.
    const text = reader
      .scalarText(textSlot, 'the words to say, e.g. "I want to check on my order"')
      ?.trim();
    const voice = readVoiceSettings(reader, fields, ctx.voice);
    const styleSlot = fields.get('style');
    const style = styleSlot && readStyle(reader, styleSlot);
    if (text === undefined || (styleSlot !== undefined && style === undefined))
      return { utterance: undefined, fields };
    return {
      utterance: style ? { kind: 'text', text, voice, style } : { kind: 'text', text, voice },
      fields,
    };
  }
  if (audioSlot !== undefined) return { utterance: readAudio(ctx, fields, audioSlot), fields };
  reader.report(
    reader.locate(slot.node),
    slot.path,
    'missing_field',
    `${pathWord(slot.path)} needs text (words spoken in the caller's voice), audio (a WAV file) or digits (recorded digits) — e.g. { text: "hello" }`,
  );
  return { utterance: undefined, fields };
}

const STYLE_RULES = {
  fillers: { min: 0, max: 10, integer: true, unit: '' },
  numberPauseMs: RULES.numberPauseMs,
} as const;

/** `style: { fillers: 2, restart: true, number_pause_ms: 1500 }` */
function readStyle(reader: NodeReader, slot: Slot): SpeechStyle | undefined {
  const fields = reader.map(
    slot,
    ['fillers', 'restart', 'number_pause_ms'],
    'a map, e.g. style: { fillers: 2, restart: true, number_pause_ms: 1500 }',
  );
  if (fields === undefined) return undefined;
  const before = reader.errors.length;
  const fillersSlot = fields.get('fillers');
  const restartSlot = fields.get('restart');
  const pauseSlot = fields.get('number_pause_ms');
  const style: SpeechStyle = {
    fillers: (fillersSlot && reader.number(fillersSlot, STYLE_RULES.fillers)) ?? 0,
    restart: (restartSlot && reader.boolean(restartSlot)) ?? false,
    numberPauseMs: (pauseSlot && reader.number(pauseSlot, STYLE_RULES.numberPauseMs)) ?? 0,
  };
  return reader.errors.length > before ? undefined : style;
}

function pathWord(path: FieldPath): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? last : 'this turn';
}

/** Voice settings next to a recording would be silently ignored; say so instead. */
function rejectVoiceKeys(ctx: UtteranceContext, fields: MapFields, form: 'audio' | 'digits'): void {
  for (const key of VOICE_KEYS) {
    const voiceSlot = fields.get(key);
    if (voiceSlot === undefined) continue;
    ctx.reader.report(
      ctx.reader.locate(voiceSlot.key),
      voiceSlot.path,
      'conflicting_fields',
      `${key} only applies to text; a recording is played as recorded — remove ${key} or use text instead of ${form}`,
    );
  }
}

/** recorded / speaker / gap_ms without digits would be silently ignored; false when any is there. */
function rejectRecordedKeys(ctx: UtteranceContext, fields: MapFields): boolean {
  let clean = true;
  for (const key of RECORDED_KEYS) {
    const slot = fields.get(key);
    if (slot === undefined) continue;
    clean = false;
    ctx.reader.report(
      ctx.reader.locate(slot.key),
      slot.path,
      'conflicting_fields',
      `${key} only applies to recorded digits — e.g. ${DIGITS_EXAMPLE}`,
    );
  }
  return clean;
}

function readAudio(
  ctx: UtteranceContext,
  fields: MapFields,
  audioSlot: Slot,
): Utterance | undefined {
  const { reader } = ctx;
  rejectVoiceKeys(ctx, fields, 'audio');
  const given = reader.string(audioSlot, 'a path to a WAV file, relative to this scenario file');
  if (given === undefined) return undefined;
  const path = isAbsolute(given) ? given : resolve(ctx.dir, given);
  ctx.audio.push({ kind: 'wav', path, at: reader.locateSlot(audioSlot), field: audioSlot.path });
  return { kind: 'audio', path };
}

function readDataset(
  ctx: UtteranceContext,
  fields: MapFields,
  digitsSlot: Slot,
): RecordedDataset | undefined {
  const { reader } = ctx;
  const slot = fields.get('recorded');
  const choices = RECORDED_DATASETS.join(', ');
  if (slot === undefined) {
    // Required rather than defaulted: spoken digits in a flite voice are `text`, and a second
    // dataset later must not change what existing scenarios play.
    reader.report(
      reader.locate(digitsSlot.key),
      fields.slot.path,
      'missing_field',
      `digits needs recorded: (the dataset: ${choices}) — e.g. ${DIGITS_EXAMPLE}; for digits in the caller's flite voice use text`,
    );
    return undefined;
  }
  const name = reader.string(slot, `a dataset of recordings: ${choices}`);
  if (name === undefined) return undefined;
  const dataset = RECORDED_DATASETS.find((d) => d === name);
  if (dataset !== undefined) return dataset;
  const guess = nearest(name, RECORDED_DATASETS);
  const hint = guess === undefined ? '' : ` — did you mean '${guess}'?`;
  reader.report(
    reader.locateSlot(slot),
    slot.path,
    'invalid_value',
    `recorded must be one of ${choices}, got ${JSON.stringify(name)}${hint}`,
    guess,
  );
  return undefined;
}

/** The digits to read out: 0-9 only (the datasets hold nothing else), as written (`0134` stays "0134"). */
function readDigitString(ctx: UtteranceContext, slot: Slot): string | undefined {
  const { reader } = ctx;
  const digits = reader.scalarText(slot, 'digits in quotes, e.g. "4155550134"');
  if (digits === undefined) return undefined;
  if (!RECORDED_DIGITS_PATTERN.test(digits)) {
    const bad = [...digits].find((char) => !/[0-9]/.test(char)) ?? '';
    const hint = /[\s().+-]/.test(bad)
      ? 'remove spaces, dashes and brackets (gap_ms sets the pause between digits)'
      : `remove ${JSON.stringify(bad)}`;
    reader.report(
      reader.locateSlot(slot),
      slot.path,
      'invalid_value',
      `recorded digits may only contain 0-9, got ${JSON.stringify(digits)} — ${hint}`,
    );
    return undefined;
  }
  if (digits.length > RECORDED_DIGITS_MAX) {
    reader.report(
      reader.locateSlot(slot),
      slot.path,
      'out_of_range',
      `recorded digits are at most ${RECORDED_DIGITS_MAX} long, got ${digits.length} — split them over several turns`,
    );
    return undefined;
  }
  return digits;
}

function readRecordedDigits(
  ctx: UtteranceContext,
  fields: MapFields,
  digitsSlot: Slot,
): Utterance | undefined {
  const { reader } = ctx;
  rejectVoiceKeys(ctx, fields, 'digits');
  const dataset = readDataset(ctx, fields, digitsSlot);
  const digits = readDigitString(ctx, digitsSlot);
  const speakerSlot = fields.get('speaker');
  const speaker =
    speakerSlot && reader.string(speakerSlot, 'a speaker of the dataset, e.g. jackson');
  const gapSlot = fields.get('gap_ms');
  const gapMs =
    (gapSlot && reader.number(gapSlot, RULES.digitGapMs)) ?? DEFAULT_RECORDED_DIGIT_GAP_MS;
  if (
    dataset === undefined ||
    digits === undefined ||
    (speakerSlot !== undefined && speaker === undefined)
  )
    return undefined;
  const reference: AudioReference = {
    kind: 'recorded_digits',
    dataset,
    digits,
    at: reader.locateSlot(digitsSlot),
    field: digitsSlot.path,
  };
  if (speakerSlot !== undefined && speaker !== undefined)
    reference.speaker = {
      name: speaker,
      at: reader.locateSlot(speakerSlot),
      field: speakerSlot.path,
    };
  ctx.audio.push(reference);
  return speaker === undefined
    ? { kind: 'recorded_digits', dataset, digits, gapMs }
    : { kind: 'recorded_digits', dataset, digits, speaker, gapMs };
}
