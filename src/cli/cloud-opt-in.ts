/**
 * Call audio and transcripts are personal data: callbench sends them off the machine only when
 * the user asks (--transcriber openai, --judge, AGENT_STT/AGENT_BRAIN/AGENT_TTS for the embedded
 * reference agent). A key that is in the environment for some other reason — typically the agent
 * under test's — switches nothing; the run says once what the key could be used for.
 */
import type { AgentFlags } from '../../agent/config.ts';

/** Keys whose presence a run mentions, because a cloud feature could use them if asked. */
const CLOUD_KEYS = ['OPENAI_API_KEY', 'ASSEMBLYAI_API_KEY', 'ELEVENLABS_API_KEY'] as const;

export interface CloudUse {
  transcriber: 'embedded' | 'openai';
  judge: boolean;
}

/** The one notice a run prints when a cloud key is set but nothing was asked to use it; null otherwise. */
export function cloudOptInNotice(env: NodeJS.ProcessEnv, use: CloudUse): string | null {
  const keys = CLOUD_KEYS.filter((k) => env[k]);
  if (keys.length === 0) return null;
  const off: string[] = [];
  if (use.transcriber === 'embedded')
    off.push('--transcriber openai (CALLBENCH_TRANSCRIBER=openai) to transcribe with OpenAI');
  if (!use.judge) off.push('--judge (CALLBENCH_JUDGE=openai) for the LLM judge');
  if (off.length === 0) return null;
  return `callbench: ${keys.join(', ')} ${keys.length > 1 ? 'are' : 'is'} set, but call audio and transcripts stay on this machine unless you ask: ${off.join('; ')}.`;
}

/**
 * The embedded reference agent a run starts (no --agent) uses its offline providers unless
 * AGENT_STT / AGENT_BRAIN / AGENT_TTS name cloud ones: its "auto" would pick a cloud provider
 * just because its key is set.
 */
export function offlineAgentFlags(
  env: NodeJS.ProcessEnv,
): Pick<AgentFlags, 'stt' | 'brain' | 'tts'> {
  return {
    ...(env.AGENT_STT ? {} : { stt: 'embedded' as const }),
    ...(env.AGENT_BRAIN ? {} : { brain: 'embedded' as const }),
    ...(env.AGENT_TTS ? {} : { tts: 'flite' as const }),
  };
}
