import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ProviderError } from '../errors.ts';
import {
  startFakeOpenAiServer,
  textReply,
  toolCallReply,
  type FakeOpenAiServer,
} from '../testing/fake-openai-server.ts';
import type { BrainOutput, ToolRunner } from '../types.ts';
import type { OpenAiLlmConfig } from './config.ts';
import { OpenAiBrain, type OpenAiBrainOptions } from './openai-brain.ts';
import { END_CALL_TOOL, TRANSFER_TOOL } from './special-tools.ts';

let fake: FakeOpenAiServer;
beforeEach(async () => {
  fake = await startFakeOpenAiServer();
});
afterEach(async () => {
  await fake.close();
});

function fakeTools(
  impl: (name: string, args: Record<string, unknown>) => unknown = () => ({ status: 'shipped' }),
) {
  const calls: { name: string; args: Record<string, unknown> }[] = [];
  const runner: ToolRunner = {
    definitions: [
      {
        name: 'lookup_order',
        description: 'Look up an order by its code',
        parameters: {
          type: 'object',
          properties: { code: { type: 'string' } },
          required: ['code'],
        },
      },
    ],
    async call(name, args) {
      calls.push({ name, args });
      return impl(name, args);
    },
  };
  return { runner, calls };
}

function makeBrain(
  overrides: Partial<OpenAiLlmConfig> = {},
  options: Partial<OpenAiBrainOptions> = {},
) {
  const tools = fakeTools();
  const config: OpenAiLlmConfig = {
    apiKey: fake.apiKey,
    baseURL: fake.baseURL,
    model: 'fake-model',
    firstTokenTimeoutMs: 2000,
    totalTimeoutMs: 5000,
    maxRetries: 0,
    temperature: undefined,
    ...overrides,
  };
  const brain = new OpenAiBrain({
    config,
    tools: tools.runner,
    systemPrompt: 'You are a test agent.',
    ...options,
  });
  return { brain, tools };
}

async function collect(outputs: AsyncIterable<BrainOutput>): Promise<BrainOutput[]> {
  const all: BrainOutput[] = [];
  for await (const output of outputs) all.push(output);
  return all;
}

async function expectProviderError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const speech = (text: string) => ({ text, source: 'speech' as const });
const never = new AbortController().signal;

describe('OpenAiBrain', () => {
  test('yields each sentence as soon as it is complete, before the reply ends', async () => {
    fake.enqueue({
      type: 'hang',
      chunks: [
        { role: 'assistant', content: '' },
        { content: 'Hello th' },
        { content: 'ere. How ca' },
        { content: 'n I' },
      ],
    });
    const { brain } = makeBrain();
    const controller = new AbortController();
    const outputs = brain.respond(speech('hi'), controller.signal);
    // The stream never ends, so getting the first sentence proves it was not waiting for the end.
    const first = await outputs.next();
    expect(first.value).toEqual({ type: 'text', text: 'Hello there.' });
    controller.abort();
    const error = await expectProviderError(outputs.next());
    expect(error.kind).toBe('aborted');
    await expect.poll(() => fake.requests[0].clientClosedEarly).toBe(true);
  });

  test('sends the system prompt and the user turn, streams the reply and keeps it in history', async () => {
    fake.enqueue(textReply('Sure. Your order ships today.'));
    const { brain } = makeBrain();
    expect(await collect(brain.respond(speech('where is my order'), never))).toEqual([
      { type: 'text', text: 'Sure.' },
      { type: 'text', text: 'Your order ships today.' },
    ]);
    const body = fake.requests[0].body;
    expect(body.model).toBe('fake-model');
    expect(body.stream).toBe(true);
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are a test agent.' },
      { role: 'user', content: 'where is my order' },
    ]);
    const toolNames = (body.tools as { function: { name: string } }[]).map((t) => t.function.name);
    expect(toolNames).toEqual(['lookup_order', END_CALL_TOOL, TRANSFER_TOOL]);
    expect(brain.history().at(-1)).toEqual({
      role: 'assistant',
      content: 'Sure. Your order ships today.',
    });
  });

  test('assembles fragmented tool calls, runs them and sends assistant tool_calls plus tool results', async () => {
    fake.enqueue(
      toolCallReply([{ id: 'call_a', name: 'lookup_order', arguments: { code: 'AB12' } }], {
        text: 'Let me check. ',
        argPieceChars: 3,
      }),
      textReply('It has shipped.'),
    );
    const { brain, tools } = makeBrain({}, { clock: () => 1234 });
    const outputs = await collect(brain.respond(speech('order AB12'), never));
    expect(outputs).toEqual([
      { type: 'text', text: 'Let me check.' },
      {
        type: 'tool_call',
        call: {
          id: 'call_a',
          name: 'lookup_order',
          arguments: { code: 'AB12' },
          result: { status: 'shipped' },
          atMs: 1234,
        },
      },
      { type: 'text', text: 'It has shipped.' },
    ]);
    expect(tools.calls).toEqual([{ name: 'lookup_order', args: { code: 'AB12' } }]);
    expect(fake.requests).toHaveLength(2);
    expect((fake.requests[1].body.messages as unknown[]).slice(2)).toEqual([
      {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [
          {
            id: 'call_a',
            type: 'function',
            function: { name: 'lookup_order', arguments: '{"code":"AB12"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '{"status":"shipped"}' },
    ]);
  });

  test("handles Ollama's tool calls that all arrive at index 0", async () => {
    fake.enqueue(
      toolCallReply(
        [
          { id: 'call_1', name: 'lookup_order', arguments: { code: 'X1' } },
          { id: 'call_2', name: 'lookup_order', arguments: { code: 'Y2' } },
        ],
        { ollama: true },
      ),
      textReply('Both found.'),
    );
    const { brain, tools } = makeBrain();
    const outputs = await collect(brain.respond(speech('two orders'), never));
    expect(tools.calls.map((c) => c.args.code)).toEqual(['X1', 'Y2']);
    expect(outputs.filter((o) => o.type === 'tool_call')).toHaveLength(2);
    const second = fake.requests[1].body.messages as { role: string; tool_call_id?: string }[];
    expect(second.filter((m) => m.role === 'tool').map((m) => m.tool_call_id)).toEqual([
      'call_1',
      'call_2',
    ]);
  });

  test('end_call becomes hangup after the goodbye, without another model call', async () => {
    fake.enqueue(
      toolCallReply([{ id: 'call_end', name: END_CALL_TOOL, arguments: {} }], {
        text: 'Goodbye! ',
      }),
    );
    const { brain, tools } = makeBrain();
    const outputs = await collect(brain.respond(speech('that is all'), never));
    expect(outputs.map((o) => o.type)).toEqual(['text', 'tool_call', 'hangup']);
    expect(tools.calls).toEqual([]); // the runner does not define end_call
    expect(fake.requests).toHaveLength(1);
    expect(brain.history().at(-1)).toEqual({
      role: 'tool',
      toolCallId: 'call_end',
      content: '{"ok":true}',
    });
  });

  test('transfer_to_human becomes transfer with the reason', async () => {
    fake.enqueue(
      toolCallReply([
        { id: 'call_t', name: TRANSFER_TOOL, arguments: { reason: 'billing dispute' } },
      ]),
    );
    const { brain } = makeBrain();
    const outputs = await collect(brain.respond(speech('a person please'), never));
    expect(outputs.at(-1)).toEqual({ type: 'transfer', reason: 'billing dispute' });
  });

  test('tool errors and bad arguments go back to the model as results', async () => {
    fake.enqueue(
      toolCallReply([
        { id: 'c1', name: 'lookup_order', arguments: { code: 'ZZ' } },
        { id: 'c2', name: 'lookup_order', arguments: '{"code": "unterminated' },
      ]),
      textReply('Sorry, I could not find it.'),
    );
    const tools = fakeTools(() => {
      throw new Error('no such order');
    });
    const { brain } = makeBrain({}, { tools: tools.runner });
    const outputs = await collect(brain.respond(speech('order ZZ'), never));
    const results = outputs.flatMap((o) => (o.type === 'tool_call' ? [o.call.result] : []));
    expect(results[0]).toEqual({ error: 'no such order' });
    expect(String((results[1] as { error: string }).error)).toMatch(/not valid JSON/);
    expect(tools.calls).toHaveLength(1);
    expect(outputs.at(-1)).toEqual({ type: 'text', text: 'Sorry, I could not find it.' });
  });

  test('the last allowed round forbids tools so the model must answer', async () => {
    fake.enqueue(
      toolCallReply([{ id: 'c1', name: 'lookup_order', arguments: { code: 'A' } }]),
      textReply('Done.'),
    );
    const { brain } = makeBrain({}, { maxToolRounds: 2 });
    await collect(brain.respond(speech('go'), never));
    expect(fake.requests.map((r) => r.body.tool_choice)).toEqual(['auto', 'none']);
  });

  test('interrupted() keeps only what the caller heard', async () => {
    fake.enqueue(
      textReply('Your order ships today. It should arrive Friday. Anything else?'),
      textReply('Okay.'),
    );
    const { brain } = makeBrain();
    await collect(brain.respond(speech('status?'), never));
    brain.interrupted('Your order ships today. It should');
    expect(brain.history().at(-1)).toEqual({
      role: 'assistant',
      content: 'Your order ships today. It should',
    });
    await collect(brain.respond(speech('wait, which order?'), never));
    const messages = fake.requests[1].body.messages as { role: string; content: string }[];
    expect(messages.slice(-2)).toEqual([
      { role: 'assistant', content: 'Your order ships today. It should' },
      { role: 'user', content: 'wait, which order?' },
    ]);
  });

  test('interrupted("") before anything was heard drops the reply', async () => {
    fake.enqueue(textReply('Hello.'));
    const { brain } = makeBrain();
    await collect(brain.respond(speech('hi'), never));
    brain.interrupted('');
    expect(brain.history().at(-1)).toEqual({ role: 'user', content: 'hi' });
  });

  test('a fixed greeting is spoken without a model call; otherwise the model greets', async () => {
    const fixed = makeBrain({}, { greeting: 'Thanks for calling. How can I help?' }).brain;
    expect(await collect(fixed.greet(never))).toEqual([
      { type: 'text', text: 'Thanks for calling.' },
      { type: 'text', text: 'How can I help?' },
    ]);
    expect(fake.requests).toHaveLength(0);
    fake.enqueue(textReply('Hi, how can I help?'));
    const generated = makeBrain().brain;
    expect(await collect(generated.greet(never))).toEqual([
      { type: 'text', text: 'Hi, how can I help?' },
    ]);
  });

  test('DTMF and silence turns are described to the model', async () => {
    fake.enqueue(textReply('Got it.'), textReply('Are you there?'));
    const { brain } = makeBrain();
    await collect(brain.respond({ text: '42', source: 'dtmf' }, never));
    await collect(brain.respond({ text: '', source: 'silence_timeout' }, never));
    const messages = fake.requests[1].body.messages as { role: string; content: string }[];
    expect(messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
      '(The caller pressed these phone keys: 4 2)',
      '(The caller said nothing.)',
    ]);
  });

  test('no first token in time → retryable timeout, quickly', async () => {
    fake.enqueue({ type: 'hang', chunks: [{ role: 'assistant', content: '' }] });
    const { brain } = makeBrain({ firstTokenTimeoutMs: 150 });
    const started = performance.now();
    const error = await expectProviderError(collect(brain.respond(speech('hi'), never)));
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/first token/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test('a reply slower than the overall deadline → timeout', async () => {
    fake.enqueue(
      textReply('This reply trickles in far too slowly to be useful.', { chunkDelayMs: 40 }),
    );
    const { brain } = makeBrain({ totalTimeoutMs: 200 });
    const error = await expectProviderError(collect(brain.respond(speech('hi'), never)));
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/complete reply/);
  });

  test.each([
    [401, 'auth', false],
    [429, 'rate_limit', true],
    [500, 'server', true],
    [400, 'protocol', false],
  ] as const)('HTTP %i → %s (retryable %s)', async (status, kind, retryable) => {
    fake.enqueue({ type: 'error', status });
    const { brain } = makeBrain();
    const error = await expectProviderError(collect(brain.respond(speech('hi'), never)));
    expect(error).toMatchObject({ kind, retryable, status });
  });

  test('a wrong API key is an auth error', async () => {
    const { brain } = makeBrain({ apiKey: 'wrong' });
    const error = await expectProviderError(collect(brain.respond(speech('hi'), never)));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/API key/);
  });

  test('an error inside the stream is a server error', async () => {
    fake.enqueue({ type: 'stream_error', chunks: [{ content: 'Hel' }], message: 'overloaded' });
    const { brain } = makeBrain();
    const error = await expectProviderError(collect(brain.respond(speech('hi'), never)));
    expect(error.kind).toBe('server');
  });

  test('an already aborted signal fails at once without a request', async () => {
    const { brain } = makeBrain();
    const error = await expectProviderError(
      collect(brain.respond(speech('hi'), AbortSignal.abort())),
    );
    expect(error.kind).toBe('aborted');
    expect(fake.requests).toHaveLength(0);
  });

  test('an abort during a tool round keeps the history valid for the next turn', async () => {
    let release: () => void = () => {};
    const slowTool = fakeTools(
      () => new Promise((resolve) => (release = () => resolve({ ok: 1 }))),
    );
    fake.enqueue(
      toolCallReply([{ id: 'c1', name: 'lookup_order', arguments: { code: 'A' } }], {
        text: 'Checking. ',
      }),
      textReply('Next.'),
    );
    const { brain } = makeBrain({}, { tools: slowTool.runner });
    const controller = new AbortController();
    const outputs = brain.respond(speech('order A'), controller.signal);
    expect((await outputs.next()).value).toEqual({ type: 'text', text: 'Checking.' });
    const pending = outputs.next();
    await expect.poll(() => slowTool.calls.length).toBe(1);
    controller.abort();
    expect((await expectProviderError(pending)).kind).toBe('aborted');
    release();
    await collect(brain.respond(speech('hello?'), never)); // the fake rejects dangling tool_calls with 400
    const messages = fake.requests[1].body.messages as { role: string; content: string }[];
    expect(messages.slice(-2)).toEqual([
      { role: 'assistant', content: 'Checking.' },
      { role: 'user', content: 'hello?' },
    ]);
  });
});
