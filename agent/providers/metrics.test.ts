import { EventEmitter, on } from 'node:events';
import { describe, expect, test } from 'vitest';
import { ProviderError } from './errors.ts';
import { timedBrain, timedStt, timedTts, type ProviderMetric } from './metrics.ts';
import type { Brain, BrainOutput, SttEvent, SttStream, TtsProvider } from './types.ts';

/** A clock the test moves by hand. */
function manualClock() {
  let now = 1000;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

const never = new AbortController().signal;

describe('timedTts', () => {
  test('reports time to first audio, duration and audio length', async () => {
    const { clock, advance } = manualClock();
    const provider: TtsProvider = {
      name: 'stub-tts',
      async *synthesize() {
        advance(120);
        yield new Uint8Array(800);
        advance(30);
        yield new Uint8Array(800);
      },
    };
    const metrics: ProviderMetric[] = [];
    const timed = timedTts(provider, (m) => metrics.push(m), clock);
    for await (const chunk of timed.synthesize('Hello there.', never))
      expect(chunk.length).toBe(800);
    expect(metrics).toEqual([
      {
        kind: 'tts',
        provider: 'stub-tts',
        textChars: 12,
        ttfbMs: 120,
        durationMs: 150,
        audioMs: 200,
        outcome: 'ok',
      },
    ]);
  });

  test('an early stop counts as aborted, a ProviderError by its kind', async () => {
    const provider: TtsProvider = {
      name: 'stub-tts',
      async *synthesize(text) {
        yield new Uint8Array(8);
        if (text === 'fail')
          throw new ProviderError({ provider: 'stub-tts', kind: 'timeout', message: 'slow' });
        yield new Uint8Array(8);
      },
    };
    const metrics: ProviderMetric[] = [];
    const timed = timedTts(provider, (m) => metrics.push(m));
    for await (const _ of timed.synthesize('stop', never)) break;
    await expect(async () => {
      for await (const _ of timed.synthesize('fail', never)) void _;
    }).rejects.toThrow(ProviderError);
    expect(metrics.map((m) => (m.kind === 'tts' ? m.outcome : ''))).toEqual(['aborted', 'timeout']);
  });
});

describe('timedBrain', () => {
  test('reports time to first text, tool calls and passes interrupted() through', async () => {
    const { clock, advance } = manualClock();
    const heard: string[] = [];
    const brain: Brain = {
      name: 'stub-brain',
      async *greet() {
        yield { type: 'text', text: 'Hi.' };
      },
      async *respond(): AsyncGenerator<BrainOutput> {
        advance(50);
        yield {
          type: 'tool_call',
          call: { id: 'c', name: 'lookup', arguments: {}, result: 1, atMs: 0 },
        };
        advance(200);
        yield { type: 'text', text: 'Found it.' };
      },
      interrupted: (text) => void heard.push(text),
    };
    const metrics: ProviderMetric[] = [];
    const timed = timedBrain(brain, (m) => metrics.push(m), clock);
    for await (const _ of timed.respond({ text: 'x', source: 'speech' }, never)) void _;
    timed.interrupted('Found');
    expect(metrics).toEqual([
      {
        kind: 'brain',
        provider: 'stub-brain',
        call: 'respond',
        firstTextMs: 250,
        firstOutputMs: 50,
        durationMs: 250,
        toolCalls: 1,
        textChars: 9,
        outcome: 'ok',
      },
    ]);
    expect(heard).toEqual(['Found']);
  });
});

describe('timedStt', () => {
  test('measures a final against the wall time its speech end was pushed', async () => {
    const { clock, advance } = manualClock();
    const emitter = new EventEmitter();
    const source = on(emitter, 'event', { close: ['end'] });
    let forced = 0;
    const stream: SttStream & { forceEndpoint(): void } = {
      push: () => {},
      setContext: () => {},
      events: (async function* () {
        for await (const [event] of source) yield event as SttEvent;
      })(),
      close: async () => void emitter.emit('end'),
      forceEndpoint: () => void forced++,
    };
    const metrics: ProviderMetric[] = [];
    const stt = timedStt(
      { name: 'stub-stt', open: async () => (advance(80), stream) },
      (m) => metrics.push(m),
      clock,
    );
    const timed = await stt.open({ expectation: 'free' }, never);
    // 1 s of audio pushed in real time; speech ended at 600 ms of audio.
    for (let i = 0; i < 50; i++) {
      advance(20);
      timed.push(new Uint8Array(160));
    }
    advance(300); // the recognizer answers 300 ms after the last push
    emitter.emit('event', {
      type: 'final',
      text: 'yes',
      atAudioMs: 1000,
      speechEndAudioMs: 600,
      endOfTurn: true,
    });
    const iterator = timed.events[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'final', text: 'yes' });
    timed.forceEndpoint?.();
    await timed.close();
    expect(forced).toBe(1);
    // Frame k (audio k×20 … k×20+20 ms) was pushed at 1080 + (k+1) × 20, so audio position 600 ms was
    // spoken at 1080 + 600 = 1680; the final came at 1080 + 1000 + 300 = 2380.
    expect(metrics).toEqual([
      { kind: 'stt_connect', provider: 'stub-stt', connectMs: 80, outcome: 'ok' },
      {
        kind: 'stt_final',
        provider: 'stub-stt',
        endOfTurn: true,
        speechEndAudioMs: 600,
        finalAfterSpeechEndMs: 700,
      },
    ]);
  });
});
