/** The OpenAI-compatible brain passes the Brain conformance suite against the fake server. */
import { afterAll, beforeAll } from 'vitest';
import type { OpenAiLlmConfig } from '../llm/config.ts';
import { OpenAiBrain } from '../llm/openai-brain.ts';
import {
  startFakeOpenAiServer,
  textReply,
  type FakeOpenAiServer,
} from '../testing/fake-openai-server.ts';
import type { ToolRunner } from '../types.ts';
import { describeBrainConformance } from './brain-conformance.ts';

let fake: FakeOpenAiServer;
beforeAll(async () => {
  // Every request gets a paced, multi-sentence reply, so an abort lands mid-reply.
  fake = await startFakeOpenAiServer({
    fallback: () =>
      textReply('Sure. Let me look that up for you. One moment please.', { chunkDelayMs: 10 }),
  });
});
afterAll(async () => {
  await fake.close();
});

const noTools: ToolRunner = {
  definitions: [],
  call: async (name) => ({ error: `no tool ${name}` }),
};

const config = (apiKey: string): OpenAiLlmConfig => ({
  apiKey,
  baseURL: fake.baseURL,
  model: 'fake-model',
  firstTokenTimeoutMs: 2000,
  totalTimeoutMs: 5000,
  maxRetries: 0,
  temperature: undefined,
});

describeBrainConformance('OpenAI-compatible brain (fake server)', {
  makeBrain: () =>
    new OpenAiBrain({
      config: config(fake.apiKey),
      tools: noTools,
      systemPrompt: 'You are a test agent.',
    }),
  makeFailingBrain: () =>
    new OpenAiBrain({
      config: config('wrong-key'),
      tools: noTools,
      systemPrompt: 'You are a test agent.',
    }),
});
