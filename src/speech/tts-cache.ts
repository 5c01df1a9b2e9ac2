/**
 * A disk cache of synthesized speech, so a suite re-run (or 1000 calls saying the same line)
 * synthesizes each distinct utterance once. Entries are 8 kHz 16-bit mono WAV files — playable
 * and inspectable — named by a hash of everything that changes the audio: the engine and its
 * version (tts.engineId), the voice settings and the text.
 *
 * Writes go to a unique temp file that is then renamed into place: rename is atomic on one file
 * system, so a concurrent run sees either no file or a whole one, never a half-written one.
 * Concurrent requests for the same entry within this process share one synthesis.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_RATE } from '../audio/constants.ts';
import { readWavAs8kMono, WavFormatError, writePcmWav } from '../audio/wav.ts';
import { abortError, type FliteVoiceSpec } from './flite.ts';

/** What the cache needs of an engine (FliteTts fits; tests pass fakes). */
export interface CacheableTts {
  /** Engine name, version and output-processing revision: part of the cache key. */
  readonly engineId: string;
  synthesize(text: string, voice: FliteVoiceSpec, signal?: AbortSignal): Promise<Int16Array>;
}

const inFlight = new WeakMap<CacheableTts, Map<string, Promise<Int16Array>>>();

/** The cache file for an utterance (exported for tools and tests). */
export function ttsCachePath(
  cacheDir: string,
  engineId: string,
  text: string,
  voice: FliteVoiceSpec,
): string {
  const key = JSON.stringify({
    engine: engineId,
    voice: voice.voice,
    rate: voice.rate,
    pitchHz: voice.pitchHz ?? null,
    text,
  });
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
  const safeVoice = voice.voice.replace(/[^A-Za-z0-9_-]/g, '_');
  return join(cacheDir, `${safeVoice}-${hash}.wav`);
}

/**
 * `tts.synthesize(text, voice)`, served from `cacheDir` when already there. The result is a copy
 * the caller may modify. `signal` abandons this caller's wait (AbortError); a synthesis other
 * callers share keeps running and is still cached.
 */
export async function synthesizeCached(
  tts: CacheableTts,
  text: string,
  voice: FliteVoiceSpec,
  cacheDir: string,
  signal?: AbortSignal,
): Promise<Int16Array> {
  if (signal?.aborted) throw abortError(signal);
  const path = ttsCachePath(cacheDir, tts.engineId, text, voice);
  let pending = inFlight.get(tts);
  if (!pending) inFlight.set(tts, (pending = new Map()));
  let shared = pending.get(path);
  if (!shared) {
    const map = pending;
    shared = loadOrSynthesize(tts, text, voice, path).finally(() => map.delete(path));
    map.set(path, shared);
  }
  const samples = await (signal ? raceAbort(shared, signal) : shared);
  return samples.slice();
}

async function loadOrSynthesize(
  tts: CacheableTts,
  text: string,
  voice: FliteVoiceSpec,
  path: string,
): Promise<Int16Array> {
  const cached = await readCached(path);
  if (cached) return cached;
  const samples = await tts.synthesize(text, voice);
  await writeAtomically(path, writePcmWav(samples, SAMPLE_RATE));
  return samples;
}

/** The cached samples, or null when absent or unreadable (then it is synthesized and replaced). */
async function readCached(path: string): Promise<Int16Array | null> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const wav = readWavAs8kMono(bytes, path);
    if (
      wav.sourceRate === SAMPLE_RATE &&
      wav.sourceChannels === 1 &&
      wav.sourceFormat === 'pcm_s16le'
    )
      return wav.samples;
  } catch (error) {
    if (!(error instanceof WavFormatError)) throw error;
  }
  return null;
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new Error(
      `could not write the speech cache file ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
