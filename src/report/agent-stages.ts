/**
 * The agent stages the HTML report breaks latency into. The timings themselves are read from the
 * side channel with everything else it says (src/entities/side-channel.ts).
 */
export type { AgentStageTiming } from '../entities/side-channel.ts';

export const STAGES = [
  { key: 'sttFinalMs', label: 'STT final' },
  { key: 'brainFirstTextMs', label: 'brain first text' },
  { key: 'ttsFirstAudioMs', label: 'TTS first audio' },
  { key: 'responseMs', label: 'response (speech end → first audio sent)' },
] as const;
