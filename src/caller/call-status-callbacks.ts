/**
 * The status callbacks of one webhook-first call, sent when Twilio would send them:
 * - the <Stream statusCallback>: `stream-started` when the stream starts, `stream-stopped` when it
 *   ends, `stream-error` when it could not be opened (with StreamError), each with AccountSid,
 *   CallSid, StreamSid, StreamName (the <Stream name>, else the StreamSid) and Timestamp;
 * - the call's own status callback (from the run or the scenario): `completed` when the call is
 *   over, with Twilio's voice parameters, CallDuration (whole seconds from the answer, rounded
 *   up), CallbackSource, SequenceNumber and Timestamp.
 * Each is a `status_callback` event on the call; one that failed carries a warning and never
 * changes the call's verdict. The call's result waits for them (each bounded by Twilio's 15 s).
 */
import type { CallEvent } from '../metrics/events.ts';
import { sendStatusCallback } from '../twilio/status-callback.ts';
import type { CallResult } from './call.ts';

export interface CallbackTarget {
  /** As Twilio would request it (what is signed). */
  url: string;
  /** Where it is sent (host mapping). */
  localUrl: string;
  method: 'GET' | 'POST';
}

export interface CallCallbackSettings {
  stream: { target: CallbackTarget; name: string | null } | null;
  call: CallbackTarget | null;
  ids: { callSid: string; accountSid: string };
  /** The voice webhook's parameters (the call's own callback repeats them). */
  callParams: Record<string, string>;
  authToken?: string;
  timeoutMs?: number;
  /** The run's abort signal: an interrupted run does not wait for callbacks. */
  signal?: AbortSignal;
}

export interface CallCallbacks {
  /** For CallOptions.onStream. */
  onStream(event: 'started' | 'stopped', tMs: number, streamSid: string): void;
  /** Sends what is left (stream-error, the call's completed), waits for all, and logs them on the result. */
  finish(result: CallResult): Promise<CallResult>;
}

export function callStatusCallbacks(settings: CallCallbackSettings): CallCallbacks {
  const sent: Promise<CallEvent>[] = [];
  const send = (
    target: CallbackTarget,
    event: string,
    tMs: number,
    params: Record<string, string>,
  ): void => {
    sent.push(
      sendStatusCallback({
        url: target.url,
        localUrl: target.localUrl,
        method: target.method,
        params,
        ...(settings.authToken ? { authToken: settings.authToken } : {}),
        ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
        ...(settings.signal ? { signal: settings.signal } : {}),
      }).then((o): CallEvent => ({
        type: 'status_callback',
        tMs,
        url: target.url,
        event,
        httpStatus: o.httpStatus,
        responseMs: o.responseMs,
        warning: o.warning,
      })),
    );
  };
  const streamParams = (
    streamSid: string,
    event: string,
    error?: string,
  ): Record<string, string> => ({
    AccountSid: settings.ids.accountSid,
    CallSid: settings.ids.callSid,
    StreamSid: streamSid,
    StreamName: settings.stream?.name ?? streamSid,
    StreamEvent: event,
    ...(error === undefined ? {} : { StreamError: error }),
    Timestamp: new Date().toISOString(),
  });
  let streamStarted = false;
  return {
    onStream(event, tMs, streamSid) {
      if (event === 'started') streamStarted = true;
      const stream = settings.stream;
      if (stream)
        send(stream.target, `stream-${event}`, tMs, streamParams(streamSid, `stream-${event}`));
    },
    async finish(result) {
      const ended = result.events.find((e) => e.type === 'call_ended');
      const endMs = ended?.tMs ?? 0;
      if (
        settings.stream &&
        !streamStarted &&
        result.streamSid !== '' &&
        result.status === 'error'
      ) {
        send(
          settings.stream.target,
          'stream-error',
          endMs,
          streamParams(
            result.streamSid,
            'stream-error',
            result.reason ?? 'the stream could not be opened',
          ),
        );
      }
      if (settings.call) {
        send(settings.call, 'completed', endMs, {
          ...settings.callParams,
          CallStatus: 'completed',
          CallDuration: String(Math.ceil(endMs / 1000)),
          CallbackSource: 'call-progress-events',
          SequenceNumber: '0',
          Timestamp: new Date().toUTCString(),
        });
      }
      const logged = await Promise.all(sent);
      if (logged.length === 0) return result;
      // Before call_ended, which stays the call's last event.
      const events = result.events.filter((e) => e !== ended);
      events.push(...logged);
      events.sort((a, b) => a.tMs - b.tMs);
      if (ended) events.push(ended);
      return { ...result, events };
    },
  };
}
