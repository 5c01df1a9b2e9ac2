/**
 * The goal-driven caller's voice: a line decided mid-call becomes framed audio the call can send.
 * Synthesis runs in flite's worker thread (and is cached on disk, so a suite's second run reads
 * WAVs), so the 20 ms frame pacing on this thread never waits for it; only the framing (mu-law,
 * base64, the voiced extent: well under a millisecond per second of speech) runs here.
 */
import type { Vad, VadFactory } from '../../audio/vad.ts';
import { prepareUtterance, type PreparedUtterance } from '../caller-audio.ts';
import { synthesizeCached, type CacheableTts } from '../../speech/tts-cache.ts';
import type { VoiceSettings } from '../../scenario/types.ts';
import { synthesizeStyled, type StyledPart } from '../speech-style.ts';

/** What a call needs to speak lines it decides during the call. */
export interface ConverseServices {
  tts: CacheableTts;
  ttsCacheDir: string;
  vadFactory: VadFactory;
}

export class LineVoice {
  private vad: Vad | null = null;
  private lines = 0;

  constructor(
    private readonly services: ConverseServices,
    private readonly voice: VoiceSettings,
    private readonly lineNoiseDbfs: number | null,
  ) {}

  /** Each text part synthesized (and cached) on its own, pauses as silence: as scripted styled lines are (prepare.ts). */
  async prepare(parts: readonly StyledPart[], signal: AbortSignal): Promise<PreparedUtterance> {
    const pcm = await synthesizeStyled(parts, (text) =>
      synthesizeCached(this.services.tts, text, this.voice, this.services.ttsCacheDir, signal),
    );
    this.vad ??= this.services.vadFactory.create();
    return prepareUtterance(pcm, this.lineNoiseDbfs, this.vad, 1000 + ++this.lines);
  }

  dispose(): void {
    this.vad?.dispose();
    this.vad = null;
  }
}
