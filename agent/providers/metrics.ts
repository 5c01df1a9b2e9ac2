/**
 * Provider timing, measured once for every provider (as livekit/agents-js does it: the framework
 * measures, the provider implements). Wrap a provider and every request reports a metric to a
 * sink; no adapter times itself.
 *
 * - TTS: `ttfbMs`, request start → first audio chunk.
 * - Brain: `firstTextMs`, turn start → first text piece (what the caller will hear first).
 * - STT: `finalAfterSpeechEndMs`, wall time from when the caller spoke the audio at a final's
 *   `speechEndAudioMs` (estimated from the pushes, see AudioClock) to when the final arrived:
 *   the recognizer's share of turn latency.
 *
 * The TTS and brain metrics are reported when a request ends (completed, failed or stopped); an
 * STT final's just before the final itself is passed on, so a consumer can pair the two.
 * agent/call-session.ts wraps the providers it is given (per call for STT, per reply for the brain
 * and TTS, so each measurement lands on its own turn) and takes its stage timings from these.
 */
import { AudioClock } from './audio-clock.ts';
import { isProviderError, type ProviderErrorKind } from './errors.ts';
import type {
  Brain,
  BrainOutput,
  Heard,
  SttContext,
  SttEvent,
  SttProvider,
  SttStream,
  TtsProvider,
} from './types.ts';

/** How a request ended: completed, stopped by its caller (abort or early break), or failed. */
export type RequestOutcome = 'ok' | 'aborted' | ProviderErrorKind | 'unknown_error';

export interface TtsRequestMetric {
  kind: 'tts';
  provider: string;
  textChars: number;
  /** Undefined when no audio came. */
  ttfbMs: number | undefined;
  durationMs: number;
  /** mu-law 8 kHz: bytes / 8. */
  audioMs: number;
  outcome: RequestOutcome;
}

export interface BrainTurnMetric {
  kind: 'brain';
  provider: string;
  call: 'greet' | 'respond';
  firstTextMs: number | undefined;
  firstOutputMs: number | undefined;
  durationMs: number;
  toolCalls: number;
  textChars: number;
  outcome: RequestOutcome;
}

export interface SttConnectMetric {
  kind: 'stt_connect';
  provider: string;
  connectMs: number;
  outcome: RequestOutcome;
}

export interface SttFinalMetric {
  kind: 'stt_final';
  provider: string;
  endOfTurn: boolean;
  speechEndAudioMs: number;
  finalAfterSpeechEndMs: number;
}

export type ProviderMetric = TtsRequestMetric | BrainTurnMetric | SttConnectMetric | SttFinalMetric;
export type MetricSink = (metric: ProviderMetric) => void;
export type Clock = () => number;

const defaultClock: Clock = () => performance.now();

function outcomeOf(error: unknown): RequestOutcome {
  if (isProviderError(error)) return error.kind;
  return 'unknown_error';
}

export function timedTts(
  provider: TtsProvider,
  sink: MetricSink,
  clock: Clock = defaultClock,
): TtsProvider {
  return {
    name: provider.name,
    async *synthesize(text: string, signal: AbortSignal): AsyncGenerator<Uint8Array> {
      const start = clock();
      let ttfbMs: number | undefined;
      let bytes = 0;
      let outcome: RequestOutcome = 'aborted'; // stays so if the consumer stops early
      try {
        for await (const chunk of provider.synthesize(text, signal)) {
          ttfbMs ??= clock() - start;
          bytes += chunk.length;
          yield chunk;
        }
        outcome = 'ok';
      } catch (error) {
        outcome = outcomeOf(error);
        throw error;
      } finally {
        sink({
          kind: 'tts',
          provider: provider.name,
          textChars: text.length,
          ttfbMs,
          durationMs: clock() - start,
          audioMs: bytes / 8,
          outcome,
        });
      }
    },
  };
}

export function timedBrain(brain: Brain, sink: MetricSink, clock: Clock = defaultClock): Brain {
  async function* timed(
    call: 'greet' | 'respond',
    outputs: AsyncIterable<BrainOutput>,
  ): AsyncGenerator<BrainOutput> {
    const start = clock();
    let firstTextMs: number | undefined;
    let firstOutputMs: number | undefined;
    let toolCalls = 0;
    let textChars = 0;
    let outcome: RequestOutcome = 'aborted';
    try {
      for await (const output of outputs) {
        firstOutputMs ??= clock() - start;
        if (output.type === 'text') {
          firstTextMs ??= clock() - start;
          textChars += output.text.length;
        }
        if (output.type === 'tool_call') toolCalls++;
        yield output;
      }
      outcome = 'ok';
    } catch (error) {
      outcome = outcomeOf(error);
      throw error;
    } finally {
      sink({
        kind: 'brain',
        provider: brain.name,
        call,
        firstTextMs,
        firstOutputMs,
        durationMs: clock() - start,
        toolCalls,
        textChars,
        outcome,
      });
    }
  }
  return {
    name: brain.name,
    greet: (signal: AbortSignal) => timed('greet', brain.greet(signal)),
    respond: (turn: Heard, signal: AbortSignal) => timed('respond', brain.respond(turn, signal)),
    interrupted: (heardText: string) => brain.interrupted(heardText),
  };
}

/** An SttStream wrapper keeps optional extras of the wrapped stream (e.g. AssemblyAI's forceEndpoint). */
export type TimedSttStream = SttStream & { forceEndpoint?: () => void };

export interface TimedSttProvider extends SttProvider {
  open(context: SttContext, signal: AbortSignal): Promise<TimedSttStream>;
}

export function timedStt(
  provider: SttProvider,
  sink: MetricSink,
  clock: Clock = defaultClock,
): TimedSttProvider {
  return {
    name: provider.name,
    async open(context: SttContext, signal: AbortSignal): Promise<TimedSttStream> {
      const start = clock();
      let stream: TimedSttStream;
      try {
        stream = await provider.open(context, signal);
      } catch (error) {
        sink({
          kind: 'stt_connect',
          provider: provider.name,
          connectMs: clock() - start,
          outcome: outcomeOf(error),
        });
        throw error;
      }
      sink({
        kind: 'stt_connect',
        provider: provider.name,
        connectMs: clock() - start,
        outcome: 'ok',
      });
      const spoken = new AudioClock();
      const inner = stream;
      async function* events(): AsyncGenerator<SttEvent> {
        for await (const event of inner.events) {
          if (event.type === 'final') {
            const spokenAt = spoken.wallTime(event.speechEndAudioMs);
            if (Number.isFinite(spokenAt)) {
              sink({
                kind: 'stt_final',
                provider: provider.name,
                endOfTurn: event.endOfTurn,
                speechEndAudioMs: event.speechEndAudioMs,
                finalAfterSpeechEndMs: clock() - spokenAt,
              });
            }
          }
          yield event;
        }
      }
      const wrapped: TimedSttStream = {
        push(frame: Uint8Array) {
          spoken.frameArrived(clock(), frame.length / 8);
          inner.push(frame);
        },
        setContext: (next: SttContext) => inner.setContext(next),
        events: events(),
        close: () => inner.close(),
      };
      if (inner.forceEndpoint) wrapped.forceEndpoint = () => inner.forceEndpoint?.();
      return wrapped;
    },
  };
}
