/**
 * Maps errors from the `openai` SDK (chat completions, audio speech) to ProviderError, so the
 * session reacts to kinds, not to vendor classes.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ProviderError, describeError, kindForHttpStatus } from '../errors.ts';

export function providerErrorFromOpenAi(provider: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof APIUserAbortError) {
    return new ProviderError({
      provider,
      kind: 'aborted',
      message: 'request aborted',
      cause: error,
    });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError({
      provider,
      kind: 'timeout',
      message: 'request timed out',
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    return new ProviderError({
      provider,
      kind: 'server',
      message: `cannot reach the server: ${describeError(error.cause ?? error)}`,
      cause: error,
    });
  }
  if (error instanceof APIError) {
    if (error.status === undefined) {
      // An error object inside the SSE stream (the server failed mid-reply).
      return new ProviderError({
        provider,
        kind: 'server',
        message: `error in the stream: ${error.message}`,
        cause: error,
      });
    }
    const kind = kindForHttpStatus(error.status);
    const hint =
      kind === 'auth'
        ? ' (check the API key)'
        : kind === 'protocol'
          ? ' (the server rejected the request: check the model name and tool support)'
          : '';
    return new ProviderError({
      provider,
      kind,
      status: error.status,
      message: `HTTP ${error.status}: ${error.message}${hint}`,
      cause: error,
    });
  }
  if (error instanceof SyntaxError) {
    return new ProviderError({
      provider,
      kind: 'protocol',
      message: `unparseable response: ${error.message}`,
      cause: error,
    });
  }
  return new ProviderError({
    provider,
    kind: 'server',
    message: describeError(error),
    cause: error,
  });
}
