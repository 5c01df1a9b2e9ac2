/**
 * Checks that a scenario's audio file will play: it exists, is readable, and decodes exactly as
 * `run` decodes it (decodeScenarioAudio, shared with the caller's preparation), so `validate`
 * never passes a truncated, empty or unsupported WAV that `run` would then reject.
 */
import { open, readFile } from 'node:fs/promises';
import { readWavAs8kMono, WavFormatError } from '../audio/wav.ts';
import type { ScenarioErrorCode } from './errors.ts';

export interface FileProblem {
  code: ScenarioErrorCode;
  detail: string;
}

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Turns a failed read into the problem a scenario author can act on. */
export function fileProblem(
  error: unknown,
  what: string,
  path: string,
  notFoundHint = 'check the path',
): FileProblem {
  const code = errnoCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return { code: 'file_not_found', detail: `${what} not found: ${path} — ${notFoundHint}` };
  if (code === 'EISDIR')
    return { code: 'file_unreadable', detail: `${what} is a directory, not a file: ${path}` };
  if (code === 'EACCES' || code === 'EPERM')
    return {
      code: 'file_unreadable',
      detail: `${what} cannot be read (permission denied): ${path}`,
    };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'file_unreadable', detail: `${what} cannot be read: ${path} (${message})` };
}

const HEADER_BYTES = 12;

/** undefined when `path` is a readable file starting with `RIFF....WAVE`. */
export async function checkWavFile(path: string): Promise<FileProblem | undefined> {
  let header: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      header = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0);
      header = header.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return fileProblem(
      error,
      'audio file',
      path,
      'check the path (audio paths are relative to the scenario file)',
    );
  }
  const isWav =
    header.length === HEADER_BYTES &&
    header.toString('latin1', 0, 4) === 'RIFF' &&
    header.toString('latin1', 8, 12) === 'WAVE';
  if (isWav) return undefined;
  return {
    code: 'not_wav',
    detail: `audio file is not a WAV file (no RIFF/WAVE header): ${path} — convert it, e.g. ffmpeg -i input.mp3 -ar 8000 -ac 1 output.wav`,
  };
}

const CONVERT_HINT = 'convert it, e.g. ffmpeg -i input.wav -ar 8000 -ac 1 output.wav';

/**
 * Decodes a scenario's WAV to 8 kHz mono, as a call plays it; throws a message saying what is
 * wrong (truncated, no audio, unsupported encoding) for both `validate` and `run`.
 */
export function decodeScenarioAudio(bytes: Uint8Array, path: string): Int16Array {
  const { samples } = readWavAs8kMono(bytes, path);
  if (samples.length === 0)
    throw new WavFormatError(path, 'holds no audio (0 samples): record or export it again');
  return samples;
}

/** undefined when `path` decodes to playable audio; else the problem, as `run` would find it. */
export async function checkAudioFile(path: string): Promise<FileProblem | undefined> {
  const header = await checkWavFile(path);
  if (header !== undefined) return header;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    return fileProblem(error, 'audio file', path);
  }
  try {
    decodeScenarioAudio(bytes, path);
    return undefined;
  } catch (error) {
    const problem =
      error instanceof WavFormatError
        ? error.problem
        : error instanceof Error
          ? error.message
          : String(error);
    return {
      code: 'bad_audio',
      detail: `audio file ${path} cannot be played: ${problem} — ${CONVERT_HINT}`,
    };
  }
}
