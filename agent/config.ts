/**
 * The reference agent's configuration: flags win over the environment; "auto" picks a cloud
 * provider when its key is set and the embedded offline one otherwise.
 */
import { parseFaults, type Fault } from './faults.ts';
import { STORE_CHOICES, type StoreChoice } from './tools/store-scope.ts';
import { isAssemblyAiConfigured } from './providers/stt/assemblyai-config.ts';
import { isOpenAiLlmConfigured } from './providers/llm/config.ts';
import { isElevenLabsConfigured } from './providers/tts/elevenlabs-config.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export const STT_CHOICES = ['auto', 'embedded', 'assemblyai'] as const;
export const BRAIN_CHOICES = ['auto', 'embedded', 'openai'] as const;
export const TTS_CHOICES = ['auto', 'flite', 'elevenlabs', 'openai'] as const;
export type SttChoice = (typeof STT_CHOICES)[number];
export type BrainChoice = (typeof BRAIN_CHOICES)[number];
export type TtsChoice = (typeof TTS_CHOICES)[number];
export { STORE_CHOICES, type StoreChoice };

export interface AgentConfig {
  host: string;
  port: number;
  publicUrl?: string;
  twilioAuthToken?: string;
  stt: Exclude<SttChoice, 'auto'>;
  brain: Exclude<BrainChoice, 'auto'>;
  tts: Exclude<TtsChoice, 'auto'>;
  /** flite voice of the embedded TTS. */
  voice: string;
  /** Worker threads for the embedded recognizer. */
  sttThreads: number;
  /** "Today" for the embedded brain and store (ISO date); fixed for reproducible test runs. */
  today?: string;
  /** One store for every call, or a fresh one from the seed data per call. */
  store: StoreChoice;
  /** Deliberate faults for testing testers (agent/faults.ts); empty for real use. */
  faults: Fault[];
}

export interface AgentFlags {
  host?: string;
  port?: number;
  publicUrl?: string;
  stt?: SttChoice;
  brain?: BrainChoice;
  tts?: TtsChoice;
  voice?: string;
  sttThreads?: number;
  today?: string;
  store?: StoreChoice;
  faults?: Fault[];
}

export function resolveAgentConfig(flags: AgentFlags, env: Env): AgentConfig {
  const stt = flags.stt ?? (env.AGENT_STT as SttChoice | undefined) ?? 'auto';
  const brain = flags.brain ?? (env.AGENT_BRAIN as BrainChoice | undefined) ?? 'auto';
  const tts = flags.tts ?? (env.AGENT_TTS as TtsChoice | undefined) ?? 'auto';
  check('stt', stt, STT_CHOICES);
  check('brain', brain, BRAIN_CHOICES);
  check('tts', tts, TTS_CHOICES);
  const store = flags.store ?? (env.AGENT_STORE as StoreChoice | undefined) ?? 'shared';
  check('store', store, STORE_CHOICES);
  const today = flags.today ?? env.AGENT_TODAY;
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today))
    throw new Error(`--today must be a date like 2026-11-10, got "${today}"`);
  return {
    host: flags.host ?? env.AGENT_HOST ?? '127.0.0.1',
    port: flags.port ?? (env.PORT ? Number(env.PORT) : 8080),
    publicUrl: flags.publicUrl ?? env.AGENT_PUBLIC_URL,
    twilioAuthToken: env.TWILIO_AUTH_TOKEN || undefined,
    stt: stt === 'auto' ? (isAssemblyAiConfigured(env) ? 'assemblyai' : 'embedded') : stt,
    brain: brain === 'auto' ? (isOpenAiLlmConfigured(env) ? 'openai' : 'embedded') : brain,
    tts: tts === 'auto' ? (isElevenLabsConfigured(env) ? 'elevenlabs' : 'flite') : tts,
    voice: flags.voice ?? env.AGENT_VOICE ?? 'kal',
    sttThreads: flags.sttThreads ?? 2,
    today,
    store,
    faults: flags.faults ?? (env.AGENT_FAULTS ? parseFaults(env.AGENT_FAULTS) : []),
  };
}

function check(name: string, value: string, choices: readonly string[]): void {
  if (!choices.includes(value))
    throw new Error(`--${name} must be one of ${choices.join(', ')}, got "${value}"`);
}
