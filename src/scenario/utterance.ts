/**
 * What the caller says: text in a flite voice, or a recorded WAV file. Used by `say` turns, by
 * `interrupt.say`, and (for the voice settings) by the scenario's `caller` section.
 */
import { isAbsolute, resolve } from 'node:path';
import { isMap, isScalar } from 'yaml';
import type { FieldPath } from './field-path.ts';
import type { ElsewhereHint, MapFields, NodeReader, Slot } from './node-reader.ts';
import { RULES, VOICES } from './rules.ts';
import { nearest } from './suggest.ts';
import type { SourceLocation, Utterance, VoiceSettings } from './types.ts';

/** An audio file a scenario refers to; the loader checks each one exists and is a WAV file. */
export interface AudioReference {
  path: string; // absolute
  at: SourceLocation;
  field: FieldPath;
}

export interface UtteranceContext {
  reader: NodeReader;
  /** The scenario's caller voice: what text utterances use unless they say otherwise. */
  voice: VoiceSettings;
  /** The scenario file's directory: audio paths are relative to it. */
  dir: string;
  audio: AudioReference[];
}

export const VOICE_KEYS = ['voice', 'rate', 'pitch_hz'] as const;
export const UTTERANCE_KEYS = ['text', 'audio', ...VOICE_KEYS] as const;

export function readVoiceName(reader: NodeReader, slot: Slot): string | undefined {
  const node = slot.node;
  if (!isScalar(node) || typeof node.value !== 'string') return reader.wrongType(slot, `one of ${VOICES.join(', ')}`);
  const name = node.value;
  if ((VOICES as readonly string[]).includes(name)) return name;
  const guess = nearest(name, VOICES);
  const hint = guess === undefined ? '' : ` — did you mean '${guess}'?`;
  reader.report(reader.locateSlot(slot), slot.path, 'unknown_voice', `voice must be one of ${VOICES.join(', ')}, got ${JSON.stringify(name)}${hint}`, guess);
  return undefined;
}

/** voice / rate / pitch_hz from `fields`, each falling back to `base` independently. */
export function readVoiceSettings(reader: NodeReader, fields: MapFields, base: VoiceSettings): VoiceSettings {
  const voiceSlot = fields.get('voice');
  const rateSlot = fields.get('rate');
  const pitchSlot = fields.get('pitch_hz');
  const voice = (voiceSlot && readVoiceName(reader, voiceSlot)) ?? base.voice;
  const rate = (rateSlot && reader.number(rateSlot, RULES.rate)) ?? base.rate;
  const pitchHz = (pitchSlot && reader.number(pitchSlot, RULES.pitchHz)) ?? base.pitchHz;
  return pitchHz === undefined ? { voice, rate } : { voice, rate, pitchHz };
}

const EXPECTED = 'text, or a map with text or audio — e.g. "hello" or { audio: recordings/hello.wav }';

export interface ReadUtterance {
  utterance: Utterance | undefined;
  /** The map form's fields, so a `say` turn can read its reply options from the same map. */
  fields: MapFields | undefined;
}

/**
 * Reads `"text"` or `{ text | audio, voice?, rate?, pitch_hz? }` (plus `extraKeys`, which the
 * caller reads from the returned fields).
 */
export function readUtterance(ctx: UtteranceContext, slot: Slot, extraKeys: readonly string[] = [], elsewhere?: ElsewhereHint): ReadUtterance {
  const { reader } = ctx;
  if (isScalar(slot.node) && slot.node.value !== null) {
    const text = reader.scalarText(slot, EXPECTED)?.trim();
    return { utterance: text === undefined ? undefined : { kind: 'text', text, voice: ctx.voice }, fields: undefined };
  }
  if (!isMap(slot.node)) return { utterance: reader.wrongType(slot, EXPECTED), fields: undefined };
  const fields = reader.map(slot, [...UTTERANCE_KEYS, ...extraKeys], EXPECTED, elsewhere);
  if (fields === undefined) return { utterance: undefined, fields };
  const textSlot = fields.get('text');
  const audioSlot = fields.get('audio');
  if (textSlot !== undefined && audioSlot !== undefined) {
    reader.report(reader.locate(audioSlot.key), audioSlot.path, 'conflicting_fields', 'use either text or audio, not both — make them two turns if both should be said');
    return { utterance: undefined, fields };
  }
  if (textSlot !== undefined) {
    // Trimmed: a block scalar (`text: |`) ends with a newline that means nothing to a voice.
    const text = reader.scalarText(textSlot, 'the words to say, e.g. "I want to check on my order"')?.trim();
    const voice = readVoiceSettings(reader, fields, ctx.voice);
    return { utterance: text === undefined ? undefined : { kind: 'text', text, voice }, fields };
  }
  if (audioSlot !== undefined) return { utterance: readAudio(ctx, fields, audioSlot), fields };
  reader.report(
    reader.locate(slot.node),
    slot.path,
    'missing_field',
    `${pathWord(slot.path)} needs text (words spoken in the caller's voice) or audio (a WAV file) — e.g. { text: "hello" }`,
  );
  return { utterance: undefined, fields };
}

function pathWord(path: FieldPath): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? last : 'this turn';
}

function readAudio(ctx: UtteranceContext, fields: MapFields, audioSlot: Slot): Utterance | undefined {
  const { reader } = ctx;
  for (const key of VOICE_KEYS) {
    const voiceSlot = fields.get(key);
    if (voiceSlot === undefined) continue;
    reader.report(
      reader.locate(voiceSlot.key),
      voiceSlot.path,
      'conflicting_fields',
      `${key} only applies to text; a recording is played as recorded — remove ${key} or use text instead of audio`,
    );
  }
  const given = reader.string(audioSlot, 'a path to a WAV file, relative to this scenario file');
  if (given === undefined) return undefined;
  const path = isAbsolute(given) ? given : resolve(ctx.dir, given);
  ctx.audio.push({ path, at: reader.locateSlot(audioSlot), field: audioSlot.path });
  return { kind: 'audio', path };
}
