/**
 * One synthesizer per generator thread for goal-driven calls (load runs): started when the first
 * such call needs it, shared by every call on the thread, closed with the thread's runner.
 */
import type { VadFactory } from '../../audio/vad.ts';
import { FliteTts } from '../../speech/flite.ts';
import type { CallConverseOptions } from './start.ts';

export class ThreadLineSpeech {
  private tts: Promise<FliteTts> | null = null;

  constructor(private readonly vadFactory: VadFactory) {}

  async options(ttsCacheDir: string): Promise<CallConverseOptions> {
    this.tts ??= FliteTts.create();
    return { tts: await this.tts, ttsCacheDir, vadFactory: this.vadFactory };
  }

  async close(): Promise<void> {
    const tts = this.tts;
    this.tts = null;
    if (tts) await (await tts).close();
  }
}
