/**
 * The one error type providers throw (or report), so a call session can decide what to do
 * without knowing which vendor failed: say a fallback line, retry, or give up on the call.
 */

export type ProviderErrorKind =
  | 'timeout' // no first token / audio / transcript in time
  | 'auth' // bad or missing key: retrying will not help, fix the configuration
  | 'rate_limit' // the vendor asked us to slow down (429, too many sessions)
  | 'server' // the vendor failed (5xx, dropped connection)
  | 'protocol' // we or they broke the wire protocol (bad message, unexpected close)
  | 'aborted'; // our own AbortSignal fired (barge-in, hangup): not a failure

export interface ProviderErrorInit {
  provider: string;
  kind: ProviderErrorKind;
  message: string;
  /** Defaults by kind: timeout, rate_limit and server are retryable; the others are not. */
  retryable?: boolean;
  /** HTTP status or WebSocket close code, when there was one. */
  status?: number;
  cause?: unknown;
}

const RETRYABLE_BY_DEFAULT: Record<ProviderErrorKind, boolean> = {
  timeout: true,
  auth: false,
  rate_limit: true,
  server: true,
  protocol: false,
  aborted: false,
};

export class ProviderError extends Error {
  readonly provider: string;
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly status: number | undefined;

  constructor(init: ProviderErrorInit) {
    super(
      `${init.provider}: ${init.message}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.kind = init.kind;
    this.retryable = init.retryable ?? RETRYABLE_BY_DEFAULT[init.kind];
    this.status = init.status;
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/** The error every provider throws when its caller's AbortSignal fired. */
export function abortedError(provider: string): ProviderError {
  return new ProviderError({ provider, kind: 'aborted', message: 'aborted by the caller' });
}

/** Maps an HTTP status to the kind a session acts on. */
export function kindForHttpStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limit';
  if (status >= 500) return 'server';
  return 'protocol';
}

/** A provider's WebSocket upgrade answered with an HTTP status; a 401/403 names the key to check. */
export function upgradeRefusedError(
  provider: string,
  status: number,
  keyVar: string,
): ProviderError {
  const hint = status === 401 || status === 403 ? `: check ${keyVar}` : '';
  return new ProviderError({
    provider,
    kind: kindForHttpStatus(status),
    status,
    message: `connection refused with HTTP ${status}${hint}`,
  });
}

/** A provider's socket could not connect at all (DNS, refused, TLS). */
export function connectError(provider: string, error: Error): ProviderError {
  return new ProviderError({
    provider,
    kind: 'server',
    message: `cannot connect: ${error.message}`,
    cause: error,
  });
}

/** Message text of anything thrown, for wrapping foreign errors. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
