/**
 * The embedded speech recognizer: soundswallower (PocketSphinx compiled to WASM) with its 8 kHz
 * telephone acoustic model (cmusphinx-en-us-ptm-8khz-5.2, the package's default en-us model),
 * recognizing JSGF grammars chosen by the dialog.
 *
 * - The WASM module is loaded once per thread; every decoder lives in its one WASM memory.
 * - Decoders are pooled: a session holds one while it exists, and closed sessions hand theirs
 *   back, so a process that ran 500 calls holds as many decoders as were ever open at once.
 * - Each decoder gets only its grammars' words (see dictionary.ts): ~40 ms and a few MB per
 *   decoder instead of ~200 ms and ~25 MB with the full dictionary.
 * - All calls are synchronous WASM work (~1.9 ms per 20 ms of audio, bench/stt-accuracy.ts): call `process` per frame,
 *   never with minutes of audio at once on a thread that paces calls.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import createModule from 'soundswallower';
import type { Decoder, SoundSwallowerModule } from 'soundswallower';
import { loadPronunciations, type PronunciationTable } from './dictionary.ts';
import { displayText, type Grammar } from './grammar-types.ts';

/** PocketSphinx decoder parameters (names as in pocketsphinx: wip, lw, beam, fillprob, …). */
export type DecoderParams = Record<string, string | number | boolean>;

/**
 * Defaults tuned on AN4 and flite phone audio (bench/stt-accuracy.ts). `samprate` must stay 8000:
 * the model's filters (130–3700 Hz, feat_params.json) are for telephone audio, and soundswallower's
 * own default is 44100.
 */
export const DEFAULT_DECODER_PARAMS: Readonly<DecoderParams> = {
  samprate: 8000,
  loglevel: 'ERROR',
  wip: 0.01,
  // pocketsphinx's default beams: narrower ones (beam 1e-30, wbeam 1e-20) saved 22% CPU on the
  // batch flite bench but lost the spelled code and the phone number of embedded.test.ts.
};

export interface RecognizerOptions {
  /** Overrides merged over DEFAULT_DECODER_PARAMS. */
  decoderParams?: DecoderParams;
  /** The acoustic model folder; default: soundswallower's own en-us model. Pronunciations come from its dict.txt, or soundswallower's when it has none. */
  modelDir?: string;
}

export interface RecognitionResult {
  /** The words heard, as a person would write them ("a as in apple b three"); garbage removed. */
  text: string;
  /** The recognizer's own tokens ("a." for the letter A, "_garbage_" for out-of-grammar speech). */
  words: string[];
  /** Posterior probability of the best path (0–1), when the decoder provides one. */
  confidence?: number;
}

interface LoadedModule {
  module: SoundSwallowerModule;
  /** What the WASM side printed lately (its errors explain a failed grammar or model). */
  log: string[];
}

const LOG_LINES_KEPT = 20;
let loading: Promise<LoadedModule> | null = null;

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('soundswallower'));
}

/** Loads the WASM module (once per thread; later calls share the promise). */
function loadModule(): Promise<LoadedModule> {
  if (!loading) {
    const log: string[] = [];
    const remember = (line: string) => {
      log.push(line);
      if (log.length > LOG_LINES_KEPT) log.shift();
    };
    // The model base defaults to "model/" relative to the working directory: make it absolute.
    const overrides: Partial<SoundSwallowerModule> & { modelBase: string } = {
      modelBase: path.join(packageDir(), 'model') + path.sep,
      print: remember,
      printErr: remember,
    };
    // Emscripten's Node glue adds an uncaughtException listener that rethrows, so any later
    // uncaught error in the process is reported from inside its 80 KB minified line. Remove it.
    const before = new Set(process.listeners('uncaughtException'));
    const dropAddedListeners = () => {
      for (const listener of process.listeners('uncaughtException'))
        if (!before.has(listener)) process.off('uncaughtException', listener);
    };
    loading = createModule(overrides).then(
      (module) => {
        dropAddedListeners();
        return { module, log };
      },
      (error: unknown) => {
        dropAddedListeners();
        throw new Error(
          `cannot load the speech recognizer (soundswallower WASM): ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
    loading.catch(() => (loading = null));
  }
  return loading;
}

/** A decoder with the words and grammar it was given, so they are only set again when they change. */
interface PooledDecoder {
  decoder: Decoder;
  words: Set<string>;
  grammarKey: string | null;
}

export class SphinxRecognizer {
  private readonly idle: PooledDecoder[] = [];
  private liveDecoders = 0;

  private constructor(
    private readonly loaded: LoadedModule,
    private readonly params: DecoderParams,
    private readonly modelDir: string,
    private readonly pronunciations: PronunciationTable,
  ) {}

  static async create(options: RecognizerOptions = {}): Promise<SphinxRecognizer> {
    const loaded = await loadModule();
    const packageModel = path.join(packageDir(), 'model', 'en-us');
    const modelDir = options.modelDir ?? packageModel;
    const params = { ...DEFAULT_DECODER_PARAMS, ...options.decoderParams };
    const dictionary = existsSync(path.join(modelDir, 'dict.txt'))
      ? path.join(modelDir, 'dict.txt')
      : path.join(packageModel, 'dict.txt');
    const recognizer = new SphinxRecognizer(
      loaded,
      params,
      modelDir,
      loadPronunciations(dictionary),
    );
    // One decoder up front: the first call should not pay for it (and a broken model fails here).
    recognizer.release(await recognizer.newDecoder());
    return recognizer;
  }

  /** Decoders created and not freed (in use or idle). */
  get decoderCount(): number {
    return this.liveDecoders;
  }

  /** Bytes of WASM memory of the module shared by all decoders of this thread (it never shrinks). */
  get wasmMemoryBytes(): number {
    return this.loaded.module.HEAPU8.buffer.byteLength;
  }

  /** Is `word` pronounceable (in the dictionary, or given by a grammar)? */
  knowsWord(word: string): boolean {
    return this.pronunciations.has(word.toLowerCase());
  }

  /** A session recognizing `grammar`; close it to give its decoder back. */
  async createSession(grammar: Grammar): Promise<RecognizerSession> {
    const reused = this.idle.pop();
    // A reused decoder still holds the last caller's channel estimate (live cepstral mean
    // normalization): a new caller on another line must start from the model's, as a new
    // decoder does. Without this, a ZIP code heard right on a fresh decoder lost its last
    // digit on one that had just heard another call.
    if (reused) await reused.decoder.reinitialize_audio();
    const pooled = reused ?? (await this.newDecoder());
    try {
      this.applyGrammar(pooled, grammar);
    } catch (error) {
      this.release(pooled);
      throw error;
    }
    return new RecognizerSession(this, pooled, grammar);
  }

  /** Frees every idle decoder (sessions still open keep theirs). */
  trim(): void {
    for (const pooled of this.idle.splice(0)) {
      pooled.decoder.delete();
      this.liveDecoders--;
    }
  }

  /** @internal Used by sessions. */
  release(pooled: PooledDecoder): void {
    this.idle.push(pooled);
  }

  /** @internal Adds the grammar's missing words, then sets the grammar (if it changed). */
  applyGrammar(pooled: PooledDecoder, grammar: Grammar): void {
    if (pooled.grammarKey === grammar.key) return;
    const entries: [string, string][] = [];
    const unknown: string[] = [];
    for (const word of grammar.words) {
      if (pooled.words.has(word)) continue;
      const prons = grammar.pronunciations?.[word] ?? this.pronunciations.get(word);
      if (!prons || prons.length === 0) {
        unknown.push(word);
        continue;
      }
      // Alternates are separate entries named "word(2)", "word(3)", as in the CMU dictionary.
      prons.forEach((pron, i) => entries.push([i === 0 ? word : `${word}(${i + 1})`, pron]));
    }
    if (unknown.length > 0) {
      throw new Error(
        `grammar "${grammar.key}" uses words the recognizer cannot pronounce: ${unknown.join(', ')}. Spell them differently or give pronunciations in the grammar.`,
      );
    }
    const log = this.loaded.log;
    log.length = 0;
    try {
      if (entries.length > 0) pooled.decoder.add_words(...entries);
      for (const [word] of entries) pooled.words.add(word.replace(/\(\d+\)$/, ''));
      pooled.decoder.set_grammar(grammar.jsgf);
    } catch (error) {
      pooled.grammarKey = null;
      throw new Error(
        `the recognizer rejected grammar "${grammar.key}": ${error instanceof Error ? error.message : String(error)}${log.length ? ` (${log.join(' | ')})` : ''}`,
      );
    }
    pooled.grammarKey = grammar.key;
  }

  private async newDecoder(): Promise<PooledDecoder> {
    const { module, log } = this.loaded;
    log.length = 0;
    // No `dict`: each grammar adds its own words (see dictionary.ts). The noise dictionary stays.
    const decoder = new module.Decoder({
      ...this.params,
      hmm: this.modelDir,
      dict: path.join(this.modelDir, 'no-such-dictionary.txt'),
    });
    try {
      await decoder.initialize();
    } catch (error) {
      decoder.delete();
      throw new Error(
        `cannot initialize the speech recognizer with the model in ${this.modelDir}: ${error instanceof Error ? error.message : String(error)}${log.length ? ` (${log.join(' | ')})` : ''}`,
      );
    }
    this.liveDecoders++;
    return { decoder, words: new Set(), grammarKey: null };
  }
}

/**
 * One stream of utterances on one decoder. An utterance starts with the first `process` after
 * creation or `finish`, and ends with `finish`. A grammar set mid-utterance applies to the next.
 */
export class RecognizerSession {
  private pooled: PooledDecoder | null;
  private grammar: Grammar;
  private pendingGrammar: Grammar | null = null;
  private inUtterance = false;
  private floatBuffer = new Float32Array(160);
  /** Samples given to the current utterance. */
  utteranceSamples = 0;

  constructor(
    private readonly recognizer: SphinxRecognizer,
    pooled: PooledDecoder,
    grammar: Grammar,
  ) {
    this.pooled = pooled;
    this.grammar = grammar;
  }

  get currentGrammar(): Grammar {
    return this.pendingGrammar ?? this.grammar;
  }

  get utteranceActive(): boolean {
    return this.inUtterance;
  }

  /** Feeds 16-bit 8 kHz samples to the current utterance (starting one if none is active). */
  process(pcm: Int16Array): void {
    const pooled = this.live();
    if (!this.inUtterance) {
      if (this.pendingGrammar) {
        const next = this.pendingGrammar;
        this.pendingGrammar = null;
        this.recognizer.applyGrammar(pooled, next);
        this.grammar = next;
      }
      pooled.decoder.start();
      this.inUtterance = true;
      this.utteranceSamples = 0;
    }
    if (this.floatBuffer.length < pcm.length) this.floatBuffer = new Float32Array(pcm.length);
    const floats = this.floatBuffer.subarray(0, pcm.length);
    for (let i = 0; i < pcm.length; i++) floats[i] = pcm[i] / 32768;
    pooled.decoder.process_audio(floats);
    this.utteranceSamples += pcm.length;
  }

  /** The best hypothesis so far in the current utterance, as text ("" if none). */
  partial(): string {
    if (!this.inUtterance) return '';
    return displayText(this.live().decoder.get_text());
  }

  /** Ends the current utterance and returns what was recognized (empty if nothing was processed). */
  finish(): RecognitionResult {
    const pooled = this.live();
    if (!this.inUtterance) return { text: '', words: [] };
    pooled.decoder.stop();
    this.inUtterance = false;
    const raw = pooled.decoder.get_text();
    const words = raw.split(/\s+/).filter((w) => w !== '');
    let confidence: number | undefined;
    try {
      const p = pooled.decoder.get_alignment().p;
      if (Number.isFinite(p) && p >= 0 && p <= 1) confidence = p;
    } catch {
      // No alignment for an empty utterance.
    }
    return { text: displayText(raw), words, ...(confidence !== undefined ? { confidence } : {}) };
  }

  /** Recognize `grammar` from the next utterance on (now, if none is active). */
  setGrammar(grammar: Grammar): void {
    const pooled = this.live();
    if (this.inUtterance) {
      this.pendingGrammar = grammar;
      return;
    }
    this.pendingGrammar = null;
    this.recognizer.applyGrammar(pooled, grammar);
    this.grammar = grammar;
  }

  /** Gives the decoder back to the recognizer's pool; the session cannot be used afterwards. */
  close(): void {
    const pooled = this.pooled;
    if (!pooled) return;
    if (this.inUtterance) {
      pooled.decoder.stop();
      this.inUtterance = false;
    }
    this.pooled = null;
    this.recognizer.release(pooled);
  }

  private live(): PooledDecoder {
    if (!this.pooled) throw new Error('this recognizer session was closed');
    return this.pooled;
  }
}
