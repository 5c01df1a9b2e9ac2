/**
 * Per-turn stage timings an agent may report on its side channel (`GET /calls/:callSid`, as the
 * reference agent serves it: `turns[].stt_final_ms`, `brain_first_text_ms`, `tts_first_audio_ms`,
 * `response_ms`). The HTML report breaks latency down by stage when a call has them; an agent
 * without the side channel simply has none.
 */

export interface AgentStageTiming {
  /** The agent's own turn counter (its greeting is turn 0 in the reference agent). */
  turn: number;
  sttFinalMs: number | null;
  brainFirstTextMs: number | null;
  ttsFirstAudioMs: number | null;
  responseMs: number | null;
}

export const STAGES = [
  { key: 'sttFinalMs', label: 'STT final' },
  { key: 'brainFirstTextMs', label: 'brain first text' },
  { key: 'ttsFirstAudioMs', label: 'TTS first audio' },
  { key: 'responseMs', label: 'response (speech end → first audio sent)' },
] as const;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Reads the stage timings out of a side-channel body; null when it has none. */
export function parseAgentStages(body: unknown): AgentStageTiming[] | null {
  if (!body || typeof body !== 'object' || !('turns' in body) || !Array.isArray(body.turns)) return null;
  const out: AgentStageTiming[] = [];
  for (const t of body.turns as unknown[]) {
    if (!t || typeof t !== 'object') continue;
    const r = t as Record<string, unknown>;
    const timing = { turn: num(r.turn) ?? out.length, sttFinalMs: num(r.stt_final_ms), brainFirstTextMs: num(r.brain_first_text_ms), ttsFirstAudioMs: num(r.tts_first_audio_ms), responseMs: num(r.response_ms) };
    if (timing.sttFinalMs !== null || timing.brainFirstTextMs !== null || timing.ttsFirstAudioMs !== null || timing.responseMs !== null) out.push(timing);
  }
  return out.length ? out : null;
}
