/**
 * Robustness-matrix axes (`--matrix 'line.noise=white:-60,babble:-35'`): one scenario setting and
 * the values to try it at. Each axis knows how to check a value and how to set it on a scenario.
 *
 *   voice          flite:slt, rms, …            the caller's voice (every text turn)
 *   rate           0.8, 1.25                     speaking rate
 *   line.noise     babble:-35, cafe:10dB, off    background noise (src/audio/line/background.ts)
 *   line.loss      0.05, 0.05x3                  packet loss rate, optionally x mean burst (frames)
 *   line.jitter    0.02x200                      stall rate x max delay (ms)
 *   line.echo      -20@150, off                  echo level (dB) @ delay (ms)
 *   line.gain_db   -12, 6                        level
 *   line.band      telephone, wide
 */
import {
  formatNoise,
  parseNoiseShort,
  type LineConditions,
} from '../audio/line/line-conditions.ts';
import { NEUTRAL_LEVEL } from '../audio/line/level-chain.ts';
import type { Scenario, Turn, VoiceSettings } from '../scenario/types.ts';
import { resolveVoice } from '../speech/voices.ts';

export interface MatrixAxis {
  key: AxisKey;
  values: string[];
}

interface AxisDefinition {
  example: string;
  /** The value in its canonical spelling, or throws an Error saying what is wrong. */
  check(value: string): string;
  apply(scenario: Scenario, value: string): Scenario;
}

const OFF = new Set(['off', 'none']);

function number(value: string, what: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max)
    throw new Error(`${what} must be a number from ${min} to ${max}, got "${value}"`);
  return n;
}

function withLine(s: Scenario, change: (line: LineConditions) => LineConditions): Scenario {
  return { ...s, caller: { ...s.caller, line: change({ ...(s.caller.line ?? { seed: 0 }) }) } };
}

function withVoice(s: Scenario, change: (v: VoiceSettings) => VoiceSettings): Scenario {
  const turns = s.turns.map((t): Turn =>
    (t.kind === 'say' || t.kind === 'interrupt') && t.utterance.kind === 'text'
      ? { ...t, utterance: { ...t.utterance, voice: change(t.utterance.voice) } }
      : t,
  );
  const caller = { ...s.caller, ...change(s.caller) };
  return { ...s, caller, turns };
}

const AXES = {
  voice: {
    example: 'voice=flite:slt,flite:awb',
    check(value) {
      const v = resolveVoice(value);
      if (typeof v === 'string') throw new Error(v);
      return v.name;
    },
    apply: (s, value) => {
      const v = resolveVoice(value);
      return typeof v === 'string' ? s : withVoice(s, (old) => ({ ...old, voice: v.voice }));
    },
  },
  rate: {
    example: 'rate=0.8,1.25',
    check: (value) => String(number(value, 'rate', 0.5, 2)),
    apply: (s, value) => withVoice(s, (old) => ({ ...old, rate: Number(value) })),
  },
  'line.noise': {
    example: 'line.noise=off,babble:-35,cafe:10dB',
    check: (value) => (OFF.has(value) ? 'off' : formatNoise(parseNoiseShort(value))),
    apply: (s, value) =>
      withLine(s, (line) => {
        if (OFF.has(value)) {
          const { noise: _dropped, ...rest } = line;
          return rest;
        }
        return { ...line, noise: parseNoiseShort(value) };
      }),
  },
  'line.loss': {
    example: 'line.loss=0,0.05,0.05x3',
    check(value) {
      const [rate, burst] = value.split('x');
      number(rate, 'loss rate', 0, 0.5);
      if (burst !== undefined) number(burst, 'loss burst (frames)', 1, 50);
      return value;
    },
    apply: (s, value) =>
      withLine(s, (line) => {
        const [rate, burst] = value.split('x').map(Number);
        if (rate === 0) {
          const { loss: _dropped, ...rest } = line;
          return rest;
        }
        const burstFrames = burst ?? 1;
        return {
          ...line,
          loss: {
            rate,
            burstFrames,
            model: burstFrames > 1 ? 'bursty' : 'random',
            fill: line.loss?.fill ?? 'silence',
          },
        };
      }),
  },
  'line.jitter': {
    example: 'line.jitter=off,0.02x200',
    check(value) {
      if (OFF.has(value)) return 'off';
      const [rate, max] = value.split('x');
      number(rate, 'jitter rate', 0.001, 1);
      number(max ?? '200', 'jitter max delay (ms)', 20, 5000);
      return value;
    },
    apply: (s, value) =>
      withLine(s, (line) => {
        if (OFF.has(value)) {
          const { jitter: _dropped, ...rest } = line;
          return rest;
        }
        const [rate, max] = value.split('x').map(Number);
        return { ...line, jitter: { rate, maxDelayMs: max ?? 200 } };
      }),
  },
  'line.echo': {
    example: 'line.echo=off,-20@150',
    check(value) {
      if (OFF.has(value)) return 'off';
      const [level, delay] = value.split('@');
      number(level, 'echo level (dB)', -60, 0);
      number(delay ?? '100', 'echo delay (ms)', 20, 1000);
      return value;
    },
    apply: (s, value) =>
      withLine(s, (line) => {
        if (OFF.has(value)) {
          const { echo: _dropped, ...rest } = line;
          return rest;
        }
        const [level, delay] = value.split('@').map(Number);
        return { ...line, echo: { levelDb: level, delayMs: delay ?? 100 } };
      }),
  },
  'line.gain_db': {
    example: 'line.gain_db=-12,0,6',
    check: (value) => String(number(value, 'gain (dB)', -40, 40)),
    apply: (s, value) =>
      withLine(s, (line) => ({
        ...line,
        level: { ...(line.level ?? NEUTRAL_LEVEL), gainDb: Number(value) },
      })),
  },
  'line.band': {
    example: 'line.band=wide,telephone',
    check(value) {
      if (value !== 'wide' && value !== 'telephone')
        throw new Error(`line.band is telephone or wide, got "${value}"`);
      return value;
    },
    apply: (s, value) =>
      withLine(s, (line) => ({
        ...line,
        level: { ...(line.level ?? NEUTRAL_LEVEL), telephoneBand: value === 'telephone' },
      })),
  },
} satisfies Record<string, AxisDefinition>;

export type AxisKey = keyof typeof AXES;
export const AXIS_KEYS = Object.keys(AXES) as AxisKey[];

function isAxisKey(key: string): key is AxisKey {
  return key in AXES;
}

/** `key=v1,v2,…` → an axis; throws an Error naming what is wrong. */
export function parseMatrixOption(option: string): MatrixAxis {
  const eq = option.indexOf('=');
  const key = eq < 0 ? option.trim() : option.slice(0, eq).trim();
  if (!isAxisKey(key))
    throw new Error(
      `--matrix "${option}": unknown setting "${key}"; matrix settings: ${AXIS_KEYS.join(', ')} (e.g. ${AXES.voice.example})`,
    );
  const values =
    eq < 0
      ? []
      : option
          .slice(eq + 1)
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== '');
  if (values.length === 0)
    throw new Error(`--matrix "${option}": no values after "=", e.g. ${AXES[key].example}`);
  const checked = values.map((v) => {
    try {
      return AXES[key].check(v);
    } catch (err) {
      throw new Error(`--matrix "${option}": ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  if (new Set(checked).size !== checked.length)
    throw new Error(`--matrix "${option}": a value is listed twice`);
  return { key, values: checked };
}

/** Axes must not repeat a setting (two voice axes would overwrite each other). */
export function checkAxes(axes: readonly MatrixAxis[]): string[] {
  const seen = new Set<string>();
  const errors: string[] = [];
  for (const a of axes) {
    if (seen.has(a.key))
      errors.push(`--matrix: "${a.key}" is given twice; list all its values in one --matrix`);
    seen.add(a.key);
  }
  return errors;
}

export function applyAxisValue(scenario: Scenario, key: AxisKey, value: string): Scenario {
  return AXES[key].apply(scenario, value);
}
