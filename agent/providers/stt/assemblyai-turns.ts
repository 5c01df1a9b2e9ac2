/**
 * Maps AssemblyAI's turn messages to the agent's SttEvents:
 * - `speech_started` from SpeechStarted (U3 Pro), or else from the first word of a new turn
 *   (Universal Streaming sends no SpeechStarted), once per turn, at the audio time speech began;
 * - `partial` for each changed unfinished Turn (all words, the unstable last one included);
 * - `final` with endOfTurn=false when the service marks an utterance inside a turn that goes on
 *   (its `utterance` field), and endOfTurn=true with the whole turn's transcript at `end_of_turn`.
 * With formatted turns requested, the end-of-turn final waits (bounded) for the formatted text.
 */
import type { SttEvent } from '../types.ts';
import type { AssemblyAiServerMessage } from './assemblyai-messages.ts';

type TurnMessage = Extract<AssemblyAiServerMessage, { type: 'Turn' }>;

export interface TurnTrackerOptions {
  formatTurns: boolean;
  formattedTurnWaitMs: number;
  /** Audio pushed so far (ms): when the agent learned of each event. */
  audioNowMs: () => number;
}

export class TurnTracker {
  private speechAnnounced = false;
  private lastPartial = '';
  private lastUtterance = '';
  private lastFinishedTurn = -1;
  private pending: { message: TurnMessage; timer: NodeJS.Timeout } | undefined;

  constructor(
    private readonly emit: (event: SttEvent) => void,
    private readonly options: TurnTrackerOptions,
  ) {}

  onSpeechStarted(timestampMs: number): void {
    if (this.speechAnnounced) return;
    this.speechAnnounced = true;
    this.emit({ type: 'speech_started', atAudioMs: timestampMs });
  }

  onTurn(message: TurnMessage): void {
    if (this.pending && message.turn_order !== this.pending.message.turn_order) this.flush();
    if (message.turn_order <= this.lastFinishedTurn) return; // e.g. formatted text after we stopped waiting
    if (!message.end_of_turn) {
      this.onUnfinishedTurn(message);
      return;
    }
    // The turn is over: whatever speech comes next belongs to a new turn.
    this.speechAnnounced = false;
    this.lastPartial = '';
    this.lastUtterance = '';
    if (this.options.formatTurns && !message.turn_is_formatted) {
      if (!this.pending) {
        const timer = setTimeout(() => this.flush(), this.options.formattedTurnWaitMs);
        this.pending = { message, timer };
      }
      return;
    }
    this.clearPending();
    this.finish(message);
  }

  /** Emits a final still waiting for its formatted text (at Termination, close or timeout). */
  flush(): void {
    const pending = this.pending;
    if (!pending) return;
    this.clearPending();
    this.finish(pending.message);
  }

  dispose(): void {
    this.clearPending();
  }

  private onUnfinishedTurn(message: TurnMessage): void {
    const text =
      message.words.length > 0 ? message.words.map((w) => w.text).join(' ') : message.transcript;
    if (text.trim() === '') return;
    if (!this.speechAnnounced)
      this.onSpeechStarted(message.words[0]?.start ?? this.options.audioNowMs());
    if (text !== this.lastPartial) {
      this.lastPartial = text;
      this.emit({ type: 'partial', text, atAudioMs: this.options.audioNowMs() });
    }
    if (message.utterance && message.utterance !== this.lastUtterance) {
      this.lastUtterance = message.utterance;
      this.emitFinal(message.utterance, message, false);
    }
  }

  private finish(message: TurnMessage): void {
    this.lastFinishedTurn = message.turn_order;
    const text = message.transcript.trim() || message.words.map((w) => w.text).join(' ');
    if (text !== '') this.emitFinal(text, message, true);
  }

  private emitFinal(text: string, message: TurnMessage, endOfTurn: boolean): void {
    const now = this.options.audioNowMs();
    const finalWords = message.words.filter((w) => w.word_is_final);
    const words = finalWords.length > 0 ? finalWords : message.words;
    const speechEndAudioMs = words.length > 0 ? Math.min(words[words.length - 1].end, now) : now;
    const event: Extract<SttEvent, { type: 'final' }> = {
      type: 'final',
      text,
      atAudioMs: now,
      speechEndAudioMs,
      endOfTurn,
    };
    if (words.length > 0)
      event.confidence = words.reduce((sum, w) => sum + w.confidence, 0) / words.length;
    this.emit(event);
  }

  private clearPending(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = undefined;
  }
}
