/**
 * Builds the agent's providers from its configuration: the embedded offline stack by default,
 * cloud adapters when chosen (or when their keys are set and the choice is "auto"). Shared,
 * process-wide pieces (the synthesizer, recognizer workers, the store unless it is per call) are
 * made once; a brain and its tool runner are made per call.
 */
import { FliteTts } from '../src/speech/flite.ts';
import { DialogBrain } from './brain/dialog-brain.ts';
import { GREETING } from './brain/prompts.ts';
import type { AgentConfig, Env } from './config.ts';
import { CallToolRunner } from './tools/runner.ts';
import { storeForEachCall } from './tools/store-scope.ts';
import { openAiLlmConfigFromEnv } from './providers/llm/config.ts';
import { OpenAiBrain } from './providers/llm/openai-brain.ts';
import { AssemblyAiStt } from './providers/stt/assemblyai.ts';
import { assemblyAiConfigFromEnv } from './providers/stt/assemblyai-config.ts';
import { ThreadedStt } from './providers/stt/threaded-stt.ts';
import { ElevenLabsTts } from './providers/tts/elevenlabs.ts';
import { elevenLabsConfigFromEnv } from './providers/tts/elevenlabs-config.ts';
import { FliteTtsProvider } from './providers/tts/flite.ts';
import { OpenAiSpeechTts } from './providers/tts/openai-speech.ts';
import { openAiSpeechConfigFromEnv } from './providers/tts/openai-speech-config.ts';
import type { Brain, SttProvider, TtsProvider } from './providers/types.ts';

export interface AgentProviders {
  stt: SttProvider;
  tts: TtsProvider;
  /** The embedded TTS, for fallback lines when a cloud TTS fails. */
  fallbackTts: TtsProvider;
  makeBrain(): Brain;
  close(): Promise<void>;
}

export const SYSTEM_PROMPT = `You are the phone assistant of Acme. You help callers check an order's status, book, reschedule or cancel an appointment, and verify their benefits, using the tools.
Speak in short sentences a phone caller can follow; no lists, no markdown.
Read every code, ID, phone number and date back to the caller, one character or digit group at a time (for letters, say "A as in apple"), and ask them to confirm before you use it.
If you cannot understand a value after three tries, or the caller asks for a person, call transfer_to_human. When the caller is done, say goodbye and call end_call.`;

const EMBEDDED_STT_MODULE = new URL('./providers/stt/embedded-module.ts', import.meta.url);

export async function createProviders(config: AgentConfig, env: Env): Promise<AgentProviders> {
  const flite = await FliteTts.create({ workers: 1 });
  const fliteProvider = new FliteTtsProvider(flite, { voice: config.voice, rate: 1 });
  const closers: (() => Promise<void>)[] = [() => flite.close()];
  try {
    const storeForCall = storeForEachCall(config.store, config.today);

    let stt: SttProvider;
    if (config.stt === 'assemblyai') stt = new AssemblyAiStt(assemblyAiConfigFromEnv(env));
    else {
      const threaded = new ThreadedStt({
        name: 'embedded',
        providerModule: EMBEDDED_STT_MODULE,
        threads: config.sttThreads,
        providerOptions: config.today ? { today: config.today } : {},
      });
      closers.push(() => threaded.close());
      await threaded.warm();
      stt = threaded;
    }

    let tts: TtsProvider = fliteProvider;
    if (config.tts === 'elevenlabs') tts = new ElevenLabsTts(elevenLabsConfigFromEnv(env));
    else if (config.tts === 'openai') tts = new OpenAiSpeechTts(openAiSpeechConfigFromEnv(env));
    else await fliteProvider.warm([GREETING]);

    const llm = config.brain === 'openai' ? openAiLlmConfigFromEnv(env) : null;
    const makeBrain = (): Brain => {
      const start = performance.now();
      const clock = () => Math.round((performance.now() - start) * 10) / 10;
      const store = storeForCall();
      const tools = new CallToolRunner(store, { clock });
      if (llm)
        return new OpenAiBrain({
          config: llm,
          tools,
          systemPrompt: SYSTEM_PROMPT,
          greeting: GREETING,
          clock,
        });
      return new DialogBrain({
        tools,
        today: store.today,
        clock,
        skipConfirmation: config.faults.includes('skip-confirmation'),
        reorderQuestions: config.faults.includes('reorder-questions'),
        paraphrase: config.faults.includes('paraphrase'),
      });
    };

    return {
      stt,
      tts,
      fallbackTts: fliteProvider,
      makeBrain,
      async close() {
        for (const c of closers.reverse()) await c();
      },
    };
  } catch (err) {
    for (const c of closers.reverse()) await c();
    throw err;
  }
}
