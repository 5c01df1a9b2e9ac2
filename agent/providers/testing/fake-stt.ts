/**
 * A well-behaved fake recognizer for session tests: it "hears" by energy alone (no words), so a
 * test can drive a call with any speech. `speech_started` when audio gets loud, and a final with
 * `endOfTurn` after `endSilenceMs` of quiet, whose text is taken from `transcripts` in order.
 */
import { mulawDecode } from '../../../src/audio/mulaw.ts';
import { AsyncQueue } from '../async-queue.ts';
import type { SttContext, SttEvent, SttProvider, SttStream } from '../types.ts';

const LOUD = 600;

export class FakeEnergyStt implements SttProvider {
  readonly name = 'fake-energy';
  readonly contexts: SttContext[] = [];

  constructor(
    private readonly transcripts: string[],
    private readonly endSilenceMs = 300,
  ) {}

  async open(context: SttContext): Promise<SttStream> {
    this.contexts.push(context);
    const queue = new AsyncQueue<SttEvent>();
    const transcripts = this.transcripts;
    const endSilenceMs = this.endSilenceMs;
    const contexts = this.contexts;
    let audioMs = 0;
    let inSpeech = false;
    let lastLoudMs = -1;
    let turns = 0;
    return {
      events: queue,
      push(frame: Uint8Array): void {
        const pcm = mulawDecode(frame);
        for (let i = 0; i < pcm.length; i++) {
          if (Math.abs(pcm[i]) >= LOUD) {
            if (!inSpeech) queue.push({ type: 'speech_started', atAudioMs: audioMs + i / 8 });
            inSpeech = true;
            lastLoudMs = audioMs + (i + 1) / 8;
          }
        }
        audioMs += pcm.length / 8;
        if (inSpeech && audioMs - lastLoudMs >= endSilenceMs) {
          inSpeech = false;
          const text = transcripts[turns++] ?? '';
          queue.push({
            type: 'final',
            text,
            atAudioMs: audioMs,
            speechEndAudioMs: lastLoudMs,
            endOfTurn: true,
          });
        }
      },
      setContext(context: SttContext): void {
        contexts.push(context);
      },
      async close(): Promise<void> {
        queue.end();
      },
    };
  }
}
