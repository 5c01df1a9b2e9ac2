/**
 * Turns validated scenarios into what calls play: every `say`/`interrupt` utterance synthesized
 * (cached) or read from its WAV file, mixed over the scenario's line noise and framed. Done once
 * per scenario before any call starts, so a bad audio file fails the run before anyone is dialed.
 */
import { readFile } from 'node:fs/promises';
import type { VadFactory } from '../audio/vad.ts';
import { readWavAs8kMono } from '../audio/wav.ts';
import type { FliteTts } from '../speech/flite.ts';
import { synthesizeCached } from '../speech/tts-cache.ts';
import type { Scenario, Utterance } from '../scenario/types.ts';
import { prepareUtterance, type PreparedUtterance } from './caller-audio.ts';
import type { PreparedScenario } from './call.ts';

export interface PrepareOptions {
  vadFactory: VadFactory;
  /** Created on first need: scenarios that only play files never start the synthesizer. */
  getTts: () => Promise<FliteTts>;
  ttsCacheDir: string;
}

/** An utterance that could not be turned into audio; names the scenario file and turn. */
export class PrepareError extends Error {
  constructor(
    readonly file: string,
    readonly turn: number,
    message: string,
  ) {
    super(`${file}: turn #${turn + 1}: ${message}`);
    this.name = 'PrepareError';
  }
}

export async function prepareScenario(scenario: Scenario, options: PrepareOptions): Promise<PreparedScenario> {
  const audio = new Map<number, PreparedUtterance>();
  const vad = options.vadFactory.create();
  try {
    for (const [i, turn] of scenario.turns.entries()) {
      if (turn.kind !== 'say' && turn.kind !== 'interrupt') continue;
      let pcm: Int16Array;
      try {
        pcm = await utterancePcm(turn.utterance, options);
      } catch (err) {
        throw new PrepareError(scenario.file, i, err instanceof Error ? err.message : String(err));
      }
      audio.set(i, prepareUtterance(pcm, scenario.caller.lineNoiseDbfs, vad, i + 1));
    }
  } finally {
    vad.dispose();
  }
  return { scenario, audio };
}

async function utterancePcm(u: Utterance, options: PrepareOptions): Promise<Int16Array> {
  if (u.kind === 'audio') return readWavAs8kMono(new Uint8Array(await readFile(u.path)), u.path).samples;
  return synthesizeCached(await options.getTts(), u.text, u.voice, options.ttsCacheDir);
}
