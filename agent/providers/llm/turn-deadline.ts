/**
 * One brain turn's cancellation: the caller's AbortSignal, an overall deadline and a per-request
 * first-token deadline all abort the same controller, and the deadline remembers which one fired
 * so the error says why (a barge-in is not a timeout).
 */
import { ProviderError } from '../errors.ts';

type Cause = 'caller' | 'total' | 'first_token';

export class TurnDeadline {
  private readonly controller = new AbortController();
  private cause: Cause | undefined;
  private readonly totalTimer: NodeJS.Timeout;
  private firstTokenTimer: NodeJS.Timeout | undefined;
  private readonly onCallerAbort = () => this.fire('caller');

  constructor(
    private readonly provider: string,
    private readonly callerSignal: AbortSignal,
    private readonly totalTimeoutMs: number,
    private readonly firstTokenTimeoutMs: number,
  ) {
    // unref: an abandoned turn must not keep the process alive.
    this.totalTimer = setTimeout(() => this.fire('total'), totalTimeoutMs).unref();
    if (callerSignal.aborted) this.fire('caller');
    else callerSignal.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  /** Aborts when the caller aborts or a deadline passes. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Starts the first-token clock for one model request. */
  armFirstToken(): void {
    this.disarmFirstToken();
    this.firstTokenTimer = setTimeout(
      () => this.fire('first_token'),
      this.firstTokenTimeoutMs,
    ).unref();
  }

  disarmFirstToken(): void {
    if (this.firstTokenTimer) clearTimeout(this.firstTokenTimer);
    this.firstTokenTimer = undefined;
  }

  /** The error explaining why the signal fired, or undefined if it has not. */
  error(cause?: unknown): ProviderError | undefined {
    switch (this.cause) {
      case undefined:
        return undefined;
      case 'caller':
        return new ProviderError({
          provider: this.provider,
          kind: 'aborted',
          message: 'aborted by the caller',
          cause,
        });
      case 'total':
        return new ProviderError({
          provider: this.provider,
          kind: 'timeout',
          message: `no complete reply within ${this.totalTimeoutMs} ms`,
          cause,
        });
      case 'first_token':
        return new ProviderError({
          provider: this.provider,
          kind: 'timeout',
          message: `no first token within ${this.firstTokenTimeoutMs} ms`,
          cause,
        });
    }
  }

  /** Throws the deadline's error if the signal fired. */
  throwIfFired(): void {
    const error = this.error();
    if (error) throw error;
  }

  /** Stops the timers and cancels anything still using the signal. */
  dispose(): void {
    clearTimeout(this.totalTimer);
    this.disarmFirstToken();
    this.callerSignal.removeEventListener('abort', this.onCallerAbort);
    this.controller.abort();
  }

  /** Resolves with `work`, or rejects with the deadline's error as soon as the signal fires. */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.controller.signal.aborted) return Promise.reject(this.error());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.error());
      this.controller.signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          this.controller.signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          this.controller.signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private fire(cause: Cause): void {
    if (this.cause === undefined && !this.controller.signal.aborted) {
      this.cause = cause;
      this.controller.abort();
    }
  }
}
