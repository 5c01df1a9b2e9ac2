/** The cloud TTS adapters pass the TTS conformance suite against their fake servers. */
import { afterAll, beforeAll } from 'vitest';
import {
  startFakeElevenLabsServer,
  type FakeElevenLabsServer,
} from '../testing/fake-elevenlabs-server.ts';
import {
  startFakeOpenAiSpeechServer,
  type FakeOpenAiSpeechServer,
} from '../testing/fake-openai-speech-server.ts';
import { ElevenLabsTts } from '../tts/elevenlabs.ts';
import type { ElevenLabsConfig } from '../tts/elevenlabs-config.ts';
import { OpenAiSpeechTts } from '../tts/openai-speech.ts';
import type { OpenAiSpeechConfig } from '../tts/openai-speech-config.ts';
import { describeTtsConformance } from './tts-conformance.ts';

let elevenLabs: FakeElevenLabsServer;
let openAi: FakeOpenAiSpeechServer;
beforeAll(async () => {
  // Paced like a real service, so an abort lands mid-utterance.
  elevenLabs = await startFakeElevenLabsServer({ chunkMs: 100, chunkDelayMs: 15 });
  openAi = await startFakeOpenAiSpeechServer({ chunkBytes: 4801, chunkDelayMs: 15 });
});
afterAll(async () => {
  await elevenLabs.close();
  await openAi.close();
});

const elevenLabsConfig = (apiKey: string): ElevenLabsConfig => ({
  apiKey,
  voiceId: 'voice123',
  modelId: 'eleven_flash_v2_5',
  baseUrl: elevenLabs.baseUrl,
  connectTimeoutMs: 2000,
  firstAudioTimeoutMs: 2000,
});

const openAiConfig = (apiKey: string): OpenAiSpeechConfig => ({
  apiKey,
  baseURL: openAi.baseURL,
  model: 'gpt-4o-mini-tts',
  voice: 'alloy',
  instructions: undefined,
  firstAudioTimeoutMs: 2000,
  maxRetries: 0,
});

describeTtsConformance('ElevenLabs (fake server)', {
  makeProvider: () => new ElevenLabsTts(elevenLabsConfig(elevenLabs.apiKey)),
  makeFailingProvider: () => new ElevenLabsTts(elevenLabsConfig('wrong-key')),
});

describeTtsConformance('OpenAI speech (fake server)', {
  makeProvider: () => new OpenAiSpeechTts(openAiConfig(openAi.apiKey)),
  makeFailingProvider: () => new OpenAiSpeechTts(openAiConfig('wrong-key')),
});
