/**
 * The agent's mouth on a Twilio stream: sends each utterance as media followed by a mark, and
 * learns what the caller has actually HEARD from the mark echoes (not from what it sent — audio
 * sent is only queued in Twilio's buffer). On barge-in it sends `clear` and works out how much of
 * the reply was heard; marks that Twilio echoes because of the clear are not taken as "played".
 */
import { encodeAgentClear, encodeAgentMark, encodeAgentMedia } from '../src/twilio/encode.ts';

interface Utterance {
  id: number;
  text: string;
  mark: string;
  bytes: number;
  sentAtMs: number;
  /** Set when its mark came back before any clear. */
  playedAtMs: number | null;
  cleared: boolean;
}

/** What a barge-in cut: the reply as the caller heard it. */
export interface ClearResult {
  heardText: string;
  /** Whether anything was still queued (an echo-less clear of an idle line sends nothing). */
  flushed: boolean;
}

export class Speaker {
  private utterances: Utterance[] = [];
  private nextId = 1;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly send: (text: string) => void,
    private readonly streamSid: string,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A new reply begins: earlier utterances no longer count toward "what was heard of this reply". */
  beginReply(): void {
    this.utterances = this.utterances.filter((u) => u.playedAtMs === null && !u.cleared);
  }

  /** Queues audio on the line, then a mark that comes back once it has played. */
  sendAudio(utteranceId: number, mulaw: Uint8Array): void {
    const u = this.utterances.find((x) => x.id === utteranceId);
    if (u) u.bytes += mulaw.length;
    this.send(
      encodeAgentMedia(
        this.streamSid,
        Buffer.from(mulaw.buffer, mulaw.byteOffset, mulaw.length).toString('base64'),
      ),
    );
  }

  /** Starts an utterance (its audio follows through sendAudio); returns its id. */
  startUtterance(text: string): number {
    const id = this.nextId++;
    this.utterances.push({
      id,
      text,
      mark: `utt-${id}`,
      bytes: 0,
      sentAtMs: this.now(),
      playedAtMs: null,
      cleared: false,
    });
    return id;
  }

  /** Ends an utterance: its mark follows its audio on the line. */
  endUtterance(utteranceId: number): void {
    const u = this.utterances.find((x) => x.id === utteranceId);
    if (u) this.send(encodeAgentMark(this.streamSid, u.mark));
  }

  /** Twilio echoed a mark: that utterance has played (unless a clear released it). */
  onMark(name: string): void {
    const u = this.utterances.find((x) => x.mark === name);
    if (!u || u.cleared) return;
    u.playedAtMs = this.now();
    if (!this.audible) this.notifyIdle();
  }

  /** Whether audio sent is still queued or playing at Twilio (a mark has not come back). */
  get audible(): boolean {
    return this.utterances.some((u) => u.playedAtMs === null && !u.cleared);
  }

  /** Resolves once everything sent has played (or was cleared). */
  whenIdle(): Promise<void> {
    if (!this.audible) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Barge-in: flushes Twilio's buffer and returns what the caller heard of this reply — the
   * utterances whose marks came back, and the played share of the one that was playing
   * (estimated from its duration at 8000 bytes/s since it began to play).
   */
  clear(): ClearResult {
    const pending = this.utterances.filter((u) => u.playedAtMs === null && !u.cleared);
    if (pending.length === 0) return { heardText: this.heardText(), flushed: false };
    this.send(encodeAgentClear(this.streamSid));
    const now = this.now();
    const heard = this.utterances.filter((u) => u.playedAtMs !== null).map((u) => u.text);
    // The first pending utterance started playing when the previous one ended (or when sent).
    const previousEnd = this.utterances
      .filter((u) => u.playedAtMs !== null)
      .reduce((m, u) => Math.max(m, u.playedAtMs ?? 0), 0);
    const current = pending[0];
    const startedAt = Math.max(current.sentAtMs, previousEnd);
    const durationMs = current.bytes / 8;
    const share = durationMs > 0 ? Math.min(1, Math.max(0, (now - startedAt) / durationMs)) : 0;
    const words = current.text.split(/\s+/).filter(Boolean);
    const partial = words.slice(0, Math.floor(words.length * share)).join(' ');
    if (partial) heard.push(partial);
    for (const u of pending) u.cleared = true;
    this.notifyIdle();
    return { heardText: heard.join(' '), flushed: true };
  }

  private heardText(): string {
    return this.utterances
      .filter((u) => u.playedAtMs !== null)
      .map((u) => u.text)
      .join(' ');
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
