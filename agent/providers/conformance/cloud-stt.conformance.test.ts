/** The AssemblyAI adapter passes the STT conformance suite against the fake server. */
import { afterAll, beforeAll } from 'vitest';
import type { AssemblyAiConfig } from '../stt/assemblyai-config.ts';
import { AssemblyAiStt } from '../stt/assemblyai.ts';
import { silenceMulaw } from '../testing/audio-fixtures.ts';
import {
  startFakeAssemblyAiServer,
  wordsAt,
  type FakeAssemblyAiServer,
} from '../testing/fake-assemblyai-server.ts';
import { describeSttConformance } from './stt-conformance.ts';

let fake: FakeAssemblyAiServer;
beforeAll(async () => {
  // The fake ignores the audio's content; the script says what was "heard".
  fake = await startFakeAssemblyAiServer({
    turns: [{ words: wordsAt('check my order', 200, 150) }],
    endOfTurnSilenceMs: 300,
  });
});
afterAll(async () => {
  await fake.close();
});

const config = (apiKey: string): AssemblyAiConfig => ({
  apiKey,
  baseUrl: fake.baseUrl,
  speechModel: 'universal-streaming-english',
  batchMs: 100,
  formatTurns: false,
  formattedTurnWaitMs: 300,
  connectTimeoutMs: 2000,
  terminateTimeoutMs: 1000,
});

describeSttConformance('AssemblyAI (fake server)', {
  makeProvider: () => new AssemblyAiStt(config(fake.apiKey)),
  makeFailingProvider: () => new AssemblyAiStt(config('wrong-key')),
  audio: silenceMulaw(1200),
  expectedText: /^check my order$/,
});
