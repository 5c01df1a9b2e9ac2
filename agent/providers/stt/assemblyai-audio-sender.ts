/**
 * Turns Twilio's 20 ms frames into the binary messages AssemblyAI accepts: 50–1000 ms each and
 * never faster than real time (else the service closes with 3007). Frames are batched to
 * `batchMs`; a batch starting at audio position S may leave no earlier than S ms after the first
 * batch left, so a burst (replayed audio, an event-loop stall) is smoothed back to real time,
 * while audio that arrives late goes out at once. Control messages keep their place in line, so
 * a ForceEndpoint follows the audio pushed before it.
 */

type Outbound = { kind: 'audio'; bytes: Uint8Array } | { kind: 'control'; text: string };

export interface PacedAudioSenderOptions {
  /** Audio per message. */
  batchMs: number;
  /** Bytes per ms of audio: 8 for 8 kHz mu-law. */
  bytesPerMs: number;
  /** The service's minimum message length; shorter tails are held or padded. */
  minBatchMs?: number;
  /** Byte value of silence, for padding a tail at the end (0xff for mu-law). */
  silenceByte?: number;
  now?: () => number;
}

export class PacedAudioSender {
  private readonly batchBytes: number;
  private readonly minBytes: number;
  private batch: Uint8Array;
  private batchFill = 0;
  private readonly queue: Outbound[] = [];
  private firstSendAt: number | undefined;
  private sentBytes = 0;
  private pushedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private drainWaiters: (() => void)[] = [];
  private stopped = false;
  private readonly now: () => number;

  constructor(
    private readonly send: (data: Uint8Array | string) => void,
    private readonly options: PacedAudioSenderOptions,
  ) {
    this.batchBytes = Math.round(options.batchMs * options.bytesPerMs);
    this.minBytes = Math.round((options.minBatchMs ?? 50) * options.bytesPerMs);
    if (this.batchBytes < this.minBytes)
      throw new RangeError(`batchMs must be at least ${options.minBatchMs ?? 50} ms`);
    this.batch = new Uint8Array(this.batchBytes);
    this.now = options.now ?? (() => performance.now());
  }

  /** Milliseconds of audio pushed so far: the clock every recognizer time is measured on. */
  get pushedMs(): number {
    return this.pushedBytes / this.options.bytesPerMs;
  }

  /** Milliseconds of audio handed to the socket so far. */
  get sentMs(): number {
    return this.sentBytes / this.options.bytesPerMs;
  }

  push(frame: Uint8Array): void {
    if (this.stopped) return;
    this.pushedBytes += frame.length;
    let offset = 0;
    while (offset < frame.length) {
      const n = Math.min(frame.length - offset, this.batchBytes - this.batchFill);
      this.batch.set(frame.subarray(offset, offset + n), this.batchFill);
      this.batchFill += n;
      offset += n;
      if (this.batchFill === this.batchBytes) this.enqueueBatch();
    }
    this.pump();
  }

  /** Queues a JSON control message behind the audio already queued. */
  control(text: string): void {
    if (this.stopped) return;
    this.queue.push({ kind: 'control', text });
    this.pump();
  }

  /**
   * Sends the partly filled batch now if it is long enough (before a ForceEndpoint), or, with
   * `pad`, pads it with silence to the minimum (at the end of the stream, where padding cannot
   * shift any later audio).
   */
  flushPartial(pad: boolean): void {
    if (this.batchFill === 0 || this.stopped) return;
    if (this.batchFill < this.minBytes) {
      if (!pad) return;
      this.batch.fill(this.options.silenceByte ?? 0xff, this.batchFill, this.minBytes);
      this.batchFill = this.minBytes;
    }
    this.enqueueBatch();
    this.pump();
  }

  /** Resolves once everything queued has been handed to the socket. */
  drained(): Promise<void> {
    if (this.queue.length === 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Drops whatever is queued and stops sending. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.resolveDrained();
  }

  private enqueueBatch(): void {
    this.queue.push({ kind: 'audio', bytes: this.batch.slice(0, this.batchFill) });
    this.batch = new Uint8Array(this.batchBytes);
    this.batchFill = 0;
  }

  private pump(): void {
    if (this.timer || this.stopped) return;
    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (head.kind === 'audio') {
        const now = this.now();
        this.firstSendAt ??= now;
        const allowedAt = this.firstSendAt + this.sentMs;
        if (now < allowedAt) {
          this.timer = setTimeout(
            () => {
              this.timer = undefined;
              this.pump();
            },
            Math.ceil(allowedAt - now),
          );
          return;
        }
        this.sentBytes += head.bytes.length;
      }
      this.queue.shift();
      this.send(head.kind === 'audio' ? head.bytes : head.text);
    }
    this.resolveDrained();
  }

  private resolveDrained(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
