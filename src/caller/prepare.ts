/**
 * Turns validated scenarios into what calls play: every `say`/`interrupt` utterance synthesized
 * (cached), read from its WAV file, or spliced from recorded digits, mixed over the scenario's
 * line noise and framed. Done once per scenario before any call starts, so a bad audio file fails
 * the run before anyone is dialed.
 *
 * Two ways not to get a PreparedScenario:
 * - PrepareError: the scenario is wrong (an audio file that does not decode): fail the run.
 * - ScenarioSkipped: the scenario needs something this machine does not have (the FSDD dataset):
 *   report it skipped with `reason`, run the rest. Thrown before any audio is made.
 */
import { readFile } from 'node:fs/promises';
import type { Vad, VadFactory } from '../audio/vad.ts';
import { formatScenarioError } from '../scenario/errors.ts';
import { decodeScenarioAudio } from '../scenario/wav-check.ts';
import type { FliteTts } from '../speech/flite.ts';
import { fsddSkipReason, readFsddIndex, resolveFsddDir, type FsddIndex } from '../speech/fsdd.ts';
import { synthesizeCached } from '../speech/tts-cache.ts';
import type { Scenario, Utterance } from '../scenario/types.ts';
import { prepareUtterance, type PreparedUtterance } from './caller-audio.ts';
import type { PreparedScenario } from './call.ts';
import { recordedDigitsPcm } from './recorded-digits.ts';
import { babbleTalkers } from './babble-talkers.ts';
import { styleSpeech, synthesizeStyled } from './speech-style.ts';
import { prepareLineAudio, shapesAudio, type LineAudio } from './line-audio.ts';
import type { LineConditions } from '../audio/line/line-conditions.ts';
import { ScenarioSkipped } from './scenario-skipped.ts';
import { prepareConverse } from './converse/prepare-converse.ts';

export { ScenarioSkipped } from './scenario-skipped.ts';

export interface PrepareOptions {
  vadFactory: VadFactory;
  /** Created on first need: scenarios that only play files never start the synthesizer. */
  getTts: () => Promise<FliteTts>;
  ttsCacheDir: string;
  /** Where the FSDD recordings are (recorded digits); default resolveFsddDir() (CALLBENCH_FSDD_DIR, else ../shared/data/fsdd). */
  fsddDir?: string;
}

/** What utterances draw on besides the synthesizer: the recorded-digits dataset, listed once per scenario. */
interface Sources {
  options: PrepareOptions;
  vad: Vad;
  fsdd: FsddIndex | null;
}

function usesRecordedDigits(scenario: Scenario): boolean {
  return scenario.turns.some(
    (turn) =>
      (turn.kind === 'say' || turn.kind === 'interrupt') &&
      turn.utterance.kind === 'recorded_digits',
  );
}

/** The dataset listing when the scenario needs it; ScenarioSkipped when it needs it and it is absent. */
async function fsddFor(scenario: Scenario, options: PrepareOptions): Promise<FsddIndex | null> {
  if (!usesRecordedDigits(scenario)) return null;
  const dir = options.fsddDir ?? resolveFsddDir();
  let index: FsddIndex | null;
  try {
    index = await readFsddIndex(dir);
  } catch (err) {
    throw new PrepareError(
      scenario.file,
      -1,
      `cannot list the FSDD recordings in ${dir}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (index === null) throw new ScenarioSkipped(scenario.file, scenario.name, fsddSkipReason(dir));
  return index;
}

/** An utterance that could not be turned into audio; names the scenario file and turn. */
export class PrepareError extends Error {
  constructor(
    readonly file: string,
    /** 0-based; -1 when the problem is not one turn's. */
    readonly turn: number,
    message: string,
    /** The turn in its file: the message then has validate's form, `file:line:column turns[N] (say): …`. */
    at?: { line: number; column: number; kind: string },
  ) {
    super(
      turn < 0
        ? `${file}: ${message}`
        : at
          ? formatScenarioError({
              file,
              line: at.line,
              column: at.column,
              field: `turns[${turn}].${at.kind}`,
              code: 'bad_audio',
              detail: message,
            })
          : `${file}: turns[${turn + 1}]: ${message}`,
    );
    this.name = 'PrepareError';
  }
}

/** Throws ScenarioSkipped (see the file comment) or PrepareError. */
export async function prepareScenario(
  scenario: Scenario,
  options: PrepareOptions,
): Promise<PreparedScenario> {
  const fsdd = await fsddFor(scenario, options);
  const audio = new Map<number, PreparedUtterance>();
  const vad = options.vadFactory.create();
  const sources: Sources = { options, vad, fsdd };
  const line = scenario.caller.line;
  let prepared: PreparedScenario;
  try {
    const speech = new Map<number, Int16Array>();
    for (const [i, turn] of scenario.turns.entries()) {
      if (turn.kind !== 'say' && turn.kind !== 'interrupt') continue;
      try {
        speech.set(i, await utterancePcm(turn.utterance, sources, i + 1));
      } catch (err) {
        throw new PrepareError(scenario.file, i, err instanceof Error ? err.message : String(err), {
          line: turn.at.line,
          column: turn.at.column,
          kind: turn.kind,
        });
      }
    }
    const talkers = async (): Promise<Int16Array[]> =>
      babbleTalkers(await options.getTts(), options.ttsCacheDir);
    const lineAudio = (l: LineConditions): Promise<LineAudio> =>
      prepareLineAudio(
        l,
        scenario.name,
        scenario.caller.lineNoiseDbfs,
        [...speech.values()],
        talkers,
      );
    const onLine = shapesAudio(line) ? await lineAudio(line) : null;
    for (const [i, pcm] of speech) {
      const turn = scenario.turns[i];
      const own =
        (turn.kind === 'say' || turn.kind === 'interrupt') && turn.utterance.line
          ? turn.utterance.line
          : null;
      // A turn's own noise or level replaces the scenario's for that utterance only.
      const shaper = own ? await lineAudio({ ...(line ?? { seed: 0 }), ...own }) : onLine;
      audio.set(
        i,
        prepareUtterance(pcm, scenario.caller.lineNoiseDbfs, vad, i + 1, shaper?.shape(pcm, i)),
      );
    }
    prepared = onLine ? { scenario, audio, bed: onLine.bed } : { scenario, audio };
  } finally {
    vad.dispose();
  }
  const converse = await prepareConverse(scenario, options.ttsCacheDir);
  if (typeof converse === 'string') throw new PrepareError(scenario.file, -1, converse);
  return converse === null ? prepared : { ...prepared, converse };
}

async function utterancePcm(
  u: Utterance,
  { options, vad, fsdd }: Sources,
  seed: number,
): Promise<Int16Array> {
  switch (u.kind) {
    case 'audio':
      return decodeScenarioAudio(new Uint8Array(await readFile(u.path)), u.path);
    case 'recorded_digits':
      if (fsdd === null) throw new Error('internal: recorded digits without the dataset listing');
      return recordedDigitsPcm(u, fsdd, vad);
    case 'text': {
      const tts = await options.getTts();
      const speak = (text: string): Promise<Int16Array> =>
        synthesizeCached(tts, text, u.voice, options.ttsCacheDir);
      return u.style ? synthesizeStyled(styleSpeech(u.text, u.style, seed), speak) : speak(u.text);
    }
  }
}
