/**
 * A cheap check that a scenario's audio file will load later: it exists, is readable, and starts
 * with a RIFF/WAVE header. Decoding (format, rate, channels) happens when the audio is prepared.
 */
import { open } from 'node:fs/promises';
import type { ScenarioErrorCode } from './errors.ts';

export interface FileProblem {
  code: ScenarioErrorCode;
  detail: string;
}

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Turns a failed read into the problem a scenario author can act on. */
export function fileProblem(error: unknown, what: string, path: string, notFoundHint = 'check the path'): FileProblem {
  const code = errnoCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'file_not_found', detail: `${what} not found: ${path} — ${notFoundHint}` };
  if (code === 'EISDIR') return { code: 'file_unreadable', detail: `${what} is a directory, not a file: ${path}` };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'file_unreadable', detail: `${what} cannot be read (permission denied): ${path}` };
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
    return fileProblem(error, 'audio file', path, 'check the path (audio paths are relative to the scenario file)');
  }
  const isWav = header.length === HEADER_BYTES && header.toString('latin1', 0, 4) === 'RIFF' && header.toString('latin1', 8, 12) === 'WAVE';
  if (isWav) return undefined;
  return {
    code: 'not_wav',
    detail: `audio file is not a WAV file (no RIFF/WAVE header): ${path} — convert it, e.g. ffmpeg -i input.mp3 -ar 8000 -ac 1 output.wav`,
  };
}
