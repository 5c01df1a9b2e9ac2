import { afterEach, describe, expect, test } from 'vitest';
import { ProviderError } from '../errors.ts';
import { readAll, readUntil } from '../testing/async-iteration.ts';
import { silenceMulaw, twilioFrames } from '../testing/audio-fixtures.ts';
import {
  startFakeAssemblyAiServer,
  wordsAt,
  type FakeAssemblyAiOptions,
  type FakeAssemblyAiServer,
} from '../testing/fake-assemblyai-server.ts';
import type { SttContext, SttEvent } from '../types.ts';
import { AssemblyAiStt, type AssemblyAiStream } from './assemblyai.ts';
import type { AssemblyAiConfig } from './assemblyai-config.ts';

let fake: FakeAssemblyAiServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(
  options: FakeAssemblyAiOptions = {},
  overrides: Partial<AssemblyAiConfig> = {},
) {
  fake = await startFakeAssemblyAiServer(options);
  const config: AssemblyAiConfig = {
    apiKey: fake.apiKey,
    baseUrl: fake.baseUrl,
    speechModel: 'universal-streaming-english',
    batchMs: 100,
    formatTurns: false,
    formattedTurnWaitMs: 300,
    connectTimeoutMs: 2000,
    terminateTimeoutMs: 1000,
    ...overrides,
  };
  return { fake, stt: new AssemblyAiStt(config) };
}

const free: SttContext = { expectation: 'free' };
const never = new AbortController().signal;

/** Pushes `ms` of audio as Twilio's 20 ms frames, all at once: the adapter must pace it. */
function pushAudio(stream: AssemblyAiStream, ms: number): void {
  for (const frame of twilioFrames(silenceMulaw(ms))) stream.push(frame);
}

const isFinalTurn = (e: SttEvent) => e.type === 'final' && e.endOfTurn;

describe('AssemblyAiStt', () => {
  test('connects with the documented URL, query and Authorization header (no Bearer)', async () => {
    const { fake, stt } = await setup();
    const stream = await stt.open(
      { expectation: 'menu', choices: ['billing', 'tech support', 'billing'] },
      never,
    );
    await stream.close();
    const connection = fake.connections[0];
    expect(connection.headers.authorization).toBe(fake.apiKey);
    expect(Object.fromEntries(connection.query)).toMatchObject({
      sample_rate: '8000',
      encoding: 'pcm_mulaw',
      speech_model: 'universal-streaming-english',
      keyterms_prompt: '["billing","tech support"]',
    });
  });

  test('batches 20 ms frames into 100 ms messages at real time, so the service never closes with 3007', async () => {
    const { fake, stt } = await setup();
    const stream = await stt.open(free, never);
    const started = performance.now();
    pushAudio(stream, 1000); // ten times faster than a phone would
    await stream.close();
    const connection = fake.connections[0];
    expect(connection.closeCode).toBe(1000);
    expect(connection.audioMessageMs).toEqual(Array(10).fill(100));
    // Pacing: the last batch may leave only 900 ms after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(880);
  });

  test('maps partial turns and the end of turn to events with audio-relative times', async () => {
    const { stt } = await setup({
      turns: [{ words: wordsAt('my code is seven', 100, 120) }],
      endOfTurnSilenceMs: 200,
    });
    const stream = await stt.open(free, never);
    const events = stream.events[Symbol.asyncIterator]();
    pushAudio(stream, 900);
    const { items } = await readUntil(events, isFinalTurn, 3000);
    await stream.close();
    expect(items[0]).toEqual({ type: 'speech_started', atAudioMs: 100 });
    const partials = items
      .filter((e) => e.type === 'partial')
      .map((e) => (e.type === 'partial' ? e.text : ''));
    expect(partials).toEqual(['my', 'my code', 'my code is', 'my code is seven']);
    const final = items.at(-1);
    expect(final).toMatchObject({
      type: 'final',
      text: 'my code is seven',
      endOfTurn: true,
      speechEndAudioMs: 100 + 4 * 120 - 40,
    });
    if (final?.type !== 'final') throw new Error('no final');
    expect(final.atAudioMs).toBeGreaterThanOrEqual(final.speechEndAudioMs + 200);
    expect(final.confidence).toBeCloseTo(0.9);
  });

  test('uses SpeechStarted when the model sends it (U3 Pro), once per turn', async () => {
    const { stt } = await setup(
      {
        turns: [{ words: wordsAt('yes', 200) }, { words: wordsAt('no', 500) }],
        endOfTurnSilenceMs: 100,
      },
      { speechModel: 'u3-rt-pro' },
    );
    const stream = await stt.open(free, never);
    pushAudio(stream, 1000);
    await stream.close();
    const { items } = await readAll(stream.events);
    expect(items.map((e) => e.type)).toEqual([
      'speech_started',
      'partial',
      'final',
      'speech_started',
      'partial',
      'final',
    ]);
    expect(
      items
        .filter((e) => e.type === 'speech_started')
        .map((e) => (e.type === 'speech_started' ? e.atAudioMs : 0)),
    ).toEqual([200, 500]);
  });

  test('with format_turns, the end-of-turn final carries the formatted text', async () => {
    const { fake, stt } = await setup(
      {
        turns: [{ words: wordsAt('four one five', 100, 100), formatted: '415.' }],
        endOfTurnSilenceMs: 100,
      },
      { formatTurns: true },
    );
    const stream = await stt.open(free, never);
    const events = stream.events[Symbol.asyncIterator]();
    pushAudio(stream, 600);
    const { items } = await readUntil(events, isFinalTurn, 3000);
    await stream.close();
    expect(fake.connections[0].query.get('format_turns')).toBe('true');
    expect(items.filter((e) => e.type === 'final')).toEqual([
      expect.objectContaining({ text: '415.', endOfTurn: true }),
    ]);
  });

  test('setContext sends UpdateConfiguration only when key terms or turn silence change', async () => {
    const { fake, stt } = await setup();
    const stream = await stt.open(free, never);
    stream.setContext({ expectation: 'free' }); // no change
    stream.setContext({ expectation: 'phone' });
    stream.setContext({ expectation: 'menu', choices: ['Sales', 'Support'] });
    await stream.close();
    expect(fake.connections[0].controls).toEqual([
      { type: 'UpdateConfiguration', max_turn_silence: 2400 },
      {
        type: 'UpdateConfiguration',
        keyterms_prompt: ['Sales', 'Support'],
        max_turn_silence: 1280,
      },
      { type: 'Terminate' },
    ]);
  });

  test('forceEndpoint ends the turn with the words so far, after the audio pushed before it', async () => {
    const { fake, stt } = await setup({
      turns: [{ words: wordsAt('one two three four five six', 0, 100) }],
    });
    const stream = await stt.open(free, never);
    const events = stream.events[Symbol.asyncIterator]();
    pushAudio(stream, 300);
    stream.forceEndpoint();
    const { items } = await readUntil(events, isFinalTurn, 3000);
    await stream.close();
    expect(items.at(-1)).toMatchObject({ type: 'final', text: 'one two three', endOfTurn: true });
    expect(fake.connections[0].controls[0]).toEqual({ type: 'ForceEndpoint' });
  });

  test('close() sends the tail, Terminate, waits for Termination, and ends the events without error', async () => {
    const { fake, stt } = await setup({ turns: [{ words: wordsAt('hello', 100) }] });
    const stream = await stt.open(free, never);
    pushAudio(stream, 420); // four full batches and a 20 ms tail, padded to 50 ms at the end
    await stream.close();
    const { items, ended } = await readAll(stream.events, 1000);
    expect(ended).toBe(true);
    expect(items.some((e) => e.type === 'error')).toBe(false);
    expect(items.at(-1)).toMatchObject({ type: 'final', text: 'hello' }); // the in-flight turn, ended by Terminate
    expect(fake.connections[0].audioMessageMs).toEqual([100, 100, 100, 100, 50]);
    expect(fake.connections[0].closeCode).toBe(1000);
  });

  test('a rejected key is a fatal error event that says what to check', async () => {
    const { stt } = await setup({}, { apiKey: 'wrong-key' });
    const stream = await stt.open(free, never);
    const { items, ended } = await readAll(stream.events, 2000);
    expect(ended).toBe(true);
    expect(items).toEqual([
      { type: 'error', fatal: true, message: expect.stringMatching(/ASSEMBLYAI_API_KEY/) },
    ]);
  });

  test.each([
    [3005, /server error/],
    [3009, /too many concurrent sessions/],
    [3008, /3-hour/],
  ])(
    'close %i mid-session → non-fatal error message, then a fatal error, then the end',
    async (code, pattern) => {
      const { stt } = await setup({
        failAfterAudio: { audioMs: 200, code, reason: 'scripted', errorMessage: 'something broke' },
      });
      const stream = await stt.open(free, never);
      pushAudio(stream, 400);
      const { items, ended } = await readAll(stream.events, 3000);
      expect(ended).toBe(true);
      expect(items).toEqual([
        { type: 'error', fatal: false, message: 'AssemblyAI error: something broke' },
        { type: 'error', fatal: true, message: expect.stringMatching(pattern) },
      ]);
    },
  );

  test('abort ends the events promptly, quietly, and closes the session', async () => {
    const { fake, stt } = await setup();
    const controller = new AbortController();
    const stream = await stt.open(free, controller.signal);
    pushAudio(stream, 200);
    controller.abort();
    const started = performance.now();
    const { items, ended } = await readAll(stream.events, 2000);
    expect(ended).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
    expect(items.filter((e) => e.type === 'error')).toEqual([]);
    await stream.close(); // harmless after abort
    await expect.poll(() => fake.connections[0].closeCode).toBe(1000);
  });

  test('open() rejects with a ProviderError when the server is unreachable or the signal already fired', async () => {
    const { fake, stt } = await setup();
    await fake.close();
    const unreachable = await stt.open(free, never).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(ProviderError);
    expect(unreachable).toMatchObject({ kind: 'server', retryable: true });
    const aborted = await stt.open(free, AbortSignal.abort()).catch((e: unknown) => e);
    expect(aborted).toMatchObject({ kind: 'aborted' });
  });
});
