/**
 * Everything between the caller's mouth and the agent's WebSocket that can go wrong, as one
 * value (scenario `caller.line:`). Each part is optional; absent = a clean line, as before.
 * Audio parts (noise, level) are baked into the prepared frames; network parts (loss, jitter)
 * and echo act frame by frame while the call runs (src/caller/line-sender.ts).
 */
import type { EchoSpec } from './echo.ts';
import type { JitterSpec } from './jitter.ts';
import type { LevelSpec } from './level-chain.ts';
import type { LossSpec } from './loss.ts';
import { NOISE_KINDS, type NoiseKind } from './background.ts';

/** A noise level: absolute (RMS dBFS), or relative to the caller's active speech level (SNR). */
export type NoiseLevel = { kind: 'dbfs'; dbfs: number } | { kind: 'snr'; snrDb: number };

export interface NoiseSpec {
  kind: NoiseKind;
  level: NoiseLevel;
}

export interface LineConditions {
  noise?: NoiseSpec;
  loss?: LossSpec;
  jitter?: JitterSpec;
  echo?: EchoSpec;
  level?: LevelSpec;
  /** Mixed into every random draw (noise, loss, jitter), so a scenario can ask for a different realisation. */
  seed: number;
}

export const NOISE_DBFS_RANGE = { min: -90, max: -10 } as const;
export const NOISE_SNR_RANGE = { min: -10, max: 60 } as const;

/**
 * The short form of a noise (`babble:-35` = RMS -35 dBFS, `cafe:10dB` = 10 dB under the caller's
 * speech), as `caller.line.noise` and `--matrix line.noise=…` take it. Throws a message that says
 * what is wrong.
 */
export function parseNoiseShort(text: string): NoiseSpec {
  const m = /^\s*([a-z]+)\s*:\s*(-?\d+(?:\.\d+)?)\s*(db)?\s*$/i.exec(text);
  const example = 'write kind:level, e.g. babble:-35 (dBFS) or babble:10dB (SNR)';
  if (!m)
    throw new Error(
      `noise "${text}" is not understood: ${example}; kinds: ${NOISE_KINDS.join(', ')}`,
    );
  const kind = NOISE_KINDS.find((k) => k === m[1].toLowerCase());
  if (kind === undefined)
    throw new Error(`unknown noise kind "${m[1]}": use one of ${NOISE_KINDS.join(', ')}`);
  const value = Number(m[2]);
  if (m[3] !== undefined) {
    if (value < NOISE_SNR_RANGE.min || value > NOISE_SNR_RANGE.max)
      throw new Error(
        `noise SNR must be ${NOISE_SNR_RANGE.min}…${NOISE_SNR_RANGE.max} dB, got ${value}`,
      );
    return { kind, level: { kind: 'snr', snrDb: value } };
  }
  if (value < NOISE_DBFS_RANGE.min || value > NOISE_DBFS_RANGE.max)
    throw new Error(
      `noise level must be ${NOISE_DBFS_RANGE.min}…${NOISE_DBFS_RANGE.max} dBFS, got ${value} (for an SNR write ${m[1]}:${value}dB)`,
    );
  return { kind, level: { kind: 'dbfs', dbfs: value } };
}

export function formatNoise(n: NoiseSpec): string {
  return n.level.kind === 'dbfs' ? `${n.kind}:${n.level.dbfs}` : `${n.kind}:${n.level.snrDb}dB`;
}

/** Whether anything must happen per frame while the call runs. */
export function hasRuntimeConditions(line: LineConditions | undefined): boolean {
  return (
    line !== undefined &&
    (line.loss !== undefined || line.jitter !== undefined || line.echo !== undefined)
  );
}

/** FNV-1a of a string: stable per-call seeds from names. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
