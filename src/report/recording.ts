/**
 * Stereo recordings of calls: caller on the left, the agent on the right as the caller heard it
 * (after the playback buffer: queued, cleared, paced as Twilio plays it), aligned frame by frame —
 * frame k of both covers the same 20 ms of the call. 16-bit PCM, 8 kHz, `recordings/<callId>.wav`.
 *
 * The recorder sits in the call's 20 ms path, so it does the least there: it keeps a reference to
 * the caller's (precomputed, shared) base64 payload and copies the 160 heard bytes. Decoding
 * happens once, when the call has ended, and only for calls that are written.
 */
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.ts';
import { join } from 'node:path';
import { FRAME_BYTES, MULAW_SILENCE, SAMPLE_RATE } from '../audio/constants.ts';
import { mulawDecode } from '../audio/mulaw.ts';
import { MulawFrameLog } from '../audio/frame-log.ts';
import { interleaveStereo, writePcmWav } from '../audio/wav.ts';
import type { CallStatus } from '../metrics/events.ts';

export const RECORD_MODES = ['failed', 'all', 'none'] as const;
export type RecordMode = (typeof RECORD_MODES)[number];
export const RECORDINGS_DIR = 'recordings';

/** Where a call's recording lives, relative to the run directory (the reports link to it). */
export function recordingPath(callId: string): string {
  return `${RECORDINGS_DIR}/${callId}.wav`;
}

export function shouldRecord(mode: RecordMode, status: CallStatus): boolean {
  return mode === 'all' || (mode === 'failed' && status !== 'passed');
}

export class CallRecorder {
  private readonly callerFrames: string[] = [];
  // Plus a reference a frame for the caller's side.
  private readonly heard = new MulawFrameLog(5);

  /** For CallOptions.onFrames: called every 20 ms with frame k of both directions. */
  readonly onFrames = (frameIndex: number, callerB64: string, heard: Uint8Array): void => {
    this.callerFrames[frameIndex] = callerB64;
    this.heard.write(frameIndex, heard);
  };

  get frameCount(): number {
    return this.heard.frameCount;
  }

  /** What the caller heard so far (mu-law from frame 0), without copying. */
  get heardMulaw(): Uint8Array {
    return this.heard.mulaw;
  }

  /** The call so far as a stereo WAV (caller left, heard agent right). */
  toWav(): Uint8Array {
    const frames = this.heard.frameCount;
    const callerMulaw = new Uint8Array(frames * FRAME_BYTES).fill(MULAW_SILENCE);
    for (let k = 0; k < frames; k++) {
      const b64 = this.callerFrames[k];
      if (b64 !== undefined)
        callerMulaw.set(Buffer.from(b64, 'base64').subarray(0, FRAME_BYTES), k * FRAME_BYTES);
    }
    const left = mulawDecode(callerMulaw);
    const right = mulawDecode(this.heard.mulaw);
    return writePcmWav(interleaveStereo(left, right), SAMPLE_RATE, 2);
  }

  /** Writes `<outDir>/recordings/<callId>.wav`; resolves to the path relative to outDir. */
  async write(outDir: string, callId: string): Promise<string> {
    const relative = recordingPath(callId);
    await mkdir(join(outDir, RECORDINGS_DIR), { recursive: true });
    // Whole or not at all: a recording cut short by a full disk is dropped, not left truncated.
    await writeFileAtomic(join(outDir, relative), this.toWav());
    return relative;
  }
}

/** What the run says about a recording it could not write (the partial file is not kept). */
export function recordingDropped(callId: string, err: unknown): string {
  return `recording ${recordingPath(callId)} could not be written and was dropped: ${err instanceof Error ? err.message : String(err)}`;
}
