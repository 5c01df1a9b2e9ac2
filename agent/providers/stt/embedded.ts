/**
 * The embedded, offline speech-to-text: soundswallower (PocketSphinx) with the grammar of what the
 * dialog expects, behind the same streaming SttProvider seam as AssemblyAI.
 *
 * Per stream:
 * - a VAD (fvad) decides where speech starts; the frames just before it (pre-roll) go to the
 *   decoder too, so the first phone is not cut;
 * - only what can be speech is decoded: from the onset (with its pre-roll) while the caller
 *   talks, plus a short tail of quiet after each stretch of speech (the decoder needs it to end the
 *   last word); longer pauses inside an answer are held back, not decoded, and the last few quiet
 *   frames go to the decoder as pre-roll when the caller speaks again. The silence between turns
 *   is never decoded. Decoding costs ~1.9 ms of CPU per 20 ms frame, so this is what keeps a call
 *   (mostly quiet on the caller's side) under ~1 ms per frame on average;
 * - a partial hypothesis is taken when decoding pauses (that is when endpointing needs it) and at
 *   most every `partialEveryFrames` during long speech, and emitted when it changed;
 * - semantic endpointing: once the caller is quiet, the turn ends after a short pause when the
 *   hypothesis already completes what was asked (10 digits of a phone number, a code of the
 *   expected shape, a yes or no), and after a longer one when it does not (callers pause between
 *   digit groups);
 * - a context change (new expectation) applies from the next utterance on.
 */
import { rmsDbfs } from '../../../src/audio/level.ts';
import { mulawDecode } from '../../../src/audio/mulaw.ts';
import { loadVad, type Vad, type VadFactory } from '../../../src/audio/vad.ts';
import { SphinxRecognizer, type RecognizerSession } from '../../../src/speech/recognizer/engine.ts';
import { choiceWords, grammarFor } from '../../../src/speech/recognizer/grammars.ts';
import { isCompleteAnswer } from '../../../src/speech/recognizer/normalize.ts';
import { parseYesNo } from '../../../src/speech/spoken-forms.ts';
import { AsyncQueue } from '../async-queue.ts';
import type { SttContext, SttEvent, SttProvider, SttStream } from '../types.ts';

const FRAME_MS = 20;

export interface EndpointSettings {
  /** Consecutive voiced frames that start an utterance (shorter bursts are clicks and breaths). */
  startFrames: number;
  /** Frames before the onset fed to the decoder with it. */
  prerollFrames: number;
  /** Quiet after speech that ends a turn whose hypothesis completes the answer. */
  completeSilenceMs: number;
  /** Quiet that ends a turn otherwise (an open answer, or digits still missing). */
  incompleteSilenceMs: number;
  /** For answers that come in groups (phone numbers, codes) and are not yet complete. */
  groupedSilenceMs: number;
  /** An utterance this long is ended regardless (a caller talking over a TV). */
  maxUtteranceMs: number;
  /** Frames between partial hypotheses during continuous speech (one is also taken at every pause). */
  partialEveryFrames: number;
  /** Quiet frames after speech still decoded before decoding pauses (the last word's end and the silence model need them). */
  decodeTailFrames: number;
  /** fvad aggressiveness (0–3): 2 holds up on a noisy phone line without eating soft consonants. */
  vadMode: 0 | 1 | 2 | 3;
  /** Frames quieter than this are never speech (faint line noise). */
  minSpeechDbfs: number;
  /**
   * …nor frames less than this far above the line's noise floor: fvad alone takes steady
   * broadband noise at −40 dBFS for speech, and the agent then barged in on itself all call.
   */
  minSnrDb: number;
  /**
   * fvad calls the first frames of a stream speech while it adapts, even on faint line noise; a
   * false onset there would barge in on the greeting. Onsets are not taken in these frames.
   */
  vadWarmupFrames: number;
}

export const DEFAULT_ENDPOINT: Readonly<EndpointSettings> = {
  startFrames: 3,
  prerollFrames: 10,
  completeSilenceMs: 260,
  incompleteSilenceMs: 600,
  groupedSilenceMs: 1200,
  maxUtteranceMs: 15_000,
  partialEveryFrames: 50,
  decodeTailFrames: 12,
  vadMode: 2,
  minSpeechDbfs: -55,
  minSnrDb: 9,
  vadWarmupFrames: 10,
};

export interface EmbeddedSttOptions {
  endpoint?: Partial<EndpointSettings>;
  /** "Today" (YYYY-MM-DD) for relative dates when judging completeness. */
  today?: string;
}

export class EmbeddedStt implements SttProvider {
  readonly name = 'embedded';

  private constructor(
    private readonly recognizer: SphinxRecognizer,
    private readonly vads: VadFactory,
    private readonly settings: EndpointSettings,
    private readonly today: string | undefined,
  ) {}

  static async create(options: EmbeddedSttOptions = {}): Promise<EmbeddedStt> {
    const [recognizer, vads] = await Promise.all([SphinxRecognizer.create(), loadVad()]);
    return new EmbeddedStt(
      recognizer,
      vads,
      { ...DEFAULT_ENDPOINT, ...options.endpoint },
      options.today,
    );
  }

  async open(context: SttContext, signal: AbortSignal): Promise<SttStream> {
    signal.throwIfAborted();
    const session = await this.recognizer.createSession(grammarFor(context));
    return new EmbeddedStream(
      session,
      this.vads.create(this.settings.vadMode),
      context,
      this.settings,
      this.today,
    );
  }
}

class EmbeddedStream implements SttStream {
  readonly events = new AsyncQueue<SttEvent>();
  private audioMs = 0;
  private readonly preroll: Int16Array[] = [];
  private voicedRun = 0;
  private inSpeech = false;
  private utteranceStartMs = 0;
  private lastVoicedEndMs = 0;
  private framesSincePartial = 0;
  /** Quiet frames in a row inside the current utterance. */
  private quietRun = 0;
  /** Quiet frames held back from the decoder during a pause (the last prerollFrames of them). */
  private readonly held: Int16Array[] = [];
  private lastPartial = '';
  private closed = false;
  private frames = 0;
  /** The line's noise floor: follows quieter frames down at once (from 0 dBFS, so the first frame sets it), creeps up 1 dB per second. */
  private noiseFloorDb = 0;
  /** The last hypothesis judged by silenceNeeded, and the pause it needs. */
  private judged: { text: string; silenceMs: number } | null = null;

  constructor(
    private readonly session: RecognizerSession,
    private readonly vad: Vad,
    private context: SttContext,
    private readonly settings: EndpointSettings,
    private readonly today: string | undefined,
  ) {}

  push(mulawFrame: Uint8Array): void {
    if (this.closed) return;
    const pcm = mulawDecode(mulawFrame);
    const frameStartMs = this.audioMs;
    this.audioMs += pcm.length / 8;
    this.frames++;
    let voiced: boolean;
    try {
      const level = rmsDbfs(pcm);
      this.noiseFloorDb = level < this.noiseFloorDb ? level : this.noiseFloorDb + 0.02;
      const loudEnough =
        level >= this.settings.minSpeechDbfs && level >= this.noiseFloorDb + this.settings.minSnrDb;
      voiced =
        pcm.length === 160 &&
        loudEnough &&
        this.frames > this.settings.vadWarmupFrames &&
        this.vad.isSpeech(pcm);
    } catch {
      voiced = false;
    }
    try {
      if (this.inSpeech) this.continueUtterance(pcm, voiced, frameStartMs);
      else this.waitForSpeech(pcm, voiced, frameStartMs);
    } catch (err) {
      this.fail(err);
    }
  }

  setContext(context: SttContext): void {
    if (this.closed) return;
    this.context = context;
    try {
      this.session.setGrammar(grammarFor(context));
      this.judged = null;
    } catch (err) {
      this.fail(err);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.session.close();
    this.vad.dispose();
    this.events.end();
  }

  private waitForSpeech(pcm: Int16Array, voiced: boolean, frameStartMs: number): void {
    this.preroll.push(pcm);
    if (this.preroll.length > this.settings.prerollFrames + this.settings.startFrames)
      this.preroll.shift();
    this.voicedRun = voiced ? this.voicedRun + 1 : 0;
    if (this.voicedRun < this.settings.startFrames) return;
    // Speech began with the first frame of this voiced run.
    this.inSpeech = true;
    this.utteranceStartMs = frameStartMs - (this.settings.startFrames - 1) * FRAME_MS;
    this.lastVoicedEndMs = frameStartMs + FRAME_MS;
    this.framesSincePartial = 0;
    this.quietRun = 0;
    this.held.length = 0;
    this.lastPartial = '';
    this.events.push({ type: 'speech_started', atAudioMs: this.utteranceStartMs });
    for (const frame of this.preroll.splice(0)) this.session.process(frame);
  }

  private continueUtterance(pcm: Int16Array, voiced: boolean, frameStartMs: number): void {
    this.quietRun = voiced ? 0 : this.quietRun + 1;
    if (this.quietRun <= this.settings.decodeTailFrames) {
      // Speech again after a pause: the quiet just before it goes first, as pre-roll.
      for (const frame of this.held.splice(0)) this.session.process(frame);
      this.session.process(pcm);
      if (++this.framesSincePartial >= this.settings.partialEveryFrames) this.emitPartial();
    } else {
      if (this.quietRun === this.settings.decodeTailFrames + 1) this.emitPartial();
      this.held.push(pcm);
      if (this.held.length > this.settings.prerollFrames) this.held.shift();
    }
    if (voiced) this.lastVoicedEndMs = frameStartMs + FRAME_MS;
    const quietMs = this.audioMs - this.lastVoicedEndMs;
    const tooLong = this.audioMs - this.utteranceStartMs >= this.settings.maxUtteranceMs;
    if (tooLong || (quietMs >= this.settings.completeSilenceMs && quietMs >= this.silenceNeeded()))
      this.endUtterance();
  }

  private emitPartial(): void {
    this.framesSincePartial = 0;
    const text = this.session.partial();
    if (text !== this.lastPartial) {
      this.lastPartial = text;
      this.events.push({ type: 'partial', text, atAudioMs: this.audioMs });
    }
  }

  /** How long a pause ends the turn, given what has been heard so far (semantic endpointing). */
  private silenceNeeded(): number {
    // Asked every quiet frame; the hypothesis rarely changes between them, so judge each text once.
    const text = this.session.partial();
    if (this.judged?.text !== text) this.judged = { text, silenceMs: this.judgeSilence(text) };
    return this.judged.silenceMs;
  }

  private judgeSilence(text: string): number {
    const correction = this.context.correction;
    if (this.context.expectation === 'yes_no' && correction) {
      // At a read-back: "yes" ends the turn at once; "no" may go on with the corrected value
      // ("no, it's A as in apple …"), so it waits the open-answer pause; a correction is judged as the value.
      const rest = withoutConfirmationWords(text);
      if (rest !== '') return this.judgeFor(correction, rest);
      return parseYesNo(text) === 'yes'
        ? this.settings.completeSilenceMs
        : this.settings.incompleteSilenceMs;
    }
    return this.judgeFor(this.context, text);
  }

  private judgeFor(context: Omit<SttContext, 'correction'>, text: string): number {
    const { expectation, shape, choices } = context;
    const normalizeContext = {
      ...(shape ? { shape } : {}),
      ...(choices ? { choices } : {}),
      ...(this.today ? { today: this.today } : {}),
    };
    if (expectation !== 'free' && isCompleteAnswer(expectation, text, normalizeContext))
      return this.settings.completeSilenceMs;
    // An open answer that names one of the things the dialog offered ("book an appointment").
    if (expectation === 'free' && choices && namesAChoice(text, choices))
      return this.settings.completeSilenceMs;
    if ((expectation === 'phone' || expectation === 'code' || expectation === 'zip') && text !== '')
      return this.settings.groupedSilenceMs;
    return this.settings.incompleteSilenceMs;
  }

  private endUtterance(): void {
    // The quiet held back since decoding paused goes to the decoder before the final result: cut
    // off at the last decoded frame, the search could drop a soft last word ("…one one oh").
    for (const frame of this.held.splice(0)) this.session.process(frame);
    const result = this.session.finish();
    this.inSpeech = false;
    this.voicedRun = 0;
    this.preroll.length = 0;
    this.held.length = 0;
    this.events.push({
      type: 'final',
      text: result.text,
      atAudioMs: this.audioMs,
      speechEndAudioMs: this.lastVoicedEndMs,
      endOfTurn: true,
      ...(result.confidence !== undefined ? { confidence: result.confidence } : {}),
    });
  }

  private fail(err: unknown): void {
    this.events.push({
      type: 'error',
      message: `embedded recognizer: ${err instanceof Error ? err.message : String(err)}`,
      fatal: true,
    });
    void this.close();
  }
}

/** Does `text` hold every word of one of `choices`? ("that's" alone is not "that's all": the caller may be mid-phrase.) */
function namesAChoice(text: string, choices: readonly string[]): boolean {
  const said = new Set(choiceWords(text));
  return choices.some((choice) => {
    const words = choiceWords(choice);
    return words.length > 0 && words.every((w) => said.has(w));
  });
}

const CONFIRMATION_WORDS = new Set([
  'no',
  'nope',
  'yes',
  'yeah',
  'um',
  'uh',
  'it',
  "it's",
  'is',
  "that's",
  'actually',
  'i',
  'said',
  'not',
  'right',
  'wrong',
]);

/** A read-back answer without its yes/no and lead-in words: what is left is a corrected value. */
function withoutConfirmationWords(text: string): string {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '' && !CONFIRMATION_WORDS.has(w))
    .join(' ');
}
