/**
 * Results of a scenario's expectations (per turn) and success criteria (per scenario), as the
 * reports see them. Every verdict names the evidence it came from.
 */
import type { SourceLocation } from '../scenario/types.ts';

/**
 * Where a verdict's evidence came from: the call's own events (timing, marks, clears), the agent's
 * side channel (`/calls/:callSid`: tool calls, what it said), a transcript of what the caller heard,
 * both of the latter, an LLM judge, or nothing (could not be judged).
 */
export type EvidenceSource = 'events' | 'side_channel' | 'transcript' | 'both' | 'judge' | 'none';

export interface ExpectationResult {
  /** 1-based caller turn the expectation belongs to; null for scenario-level success criteria. */
  turn: number | null;
  /** e.g. "says", "tool_called", "stops_within_ms", "reprompts", "call_ends", "judge". */
  kind: string;
  /** Plain words: what was expected. */
  description: string;
  passed: boolean;
  /** Why it failed (null when it passed). */
  reason: string | null;
  source: EvidenceSource;
  at: SourceLocation;
  /** Could not be judged here (e.g. an LLM criterion without a judge): counts neither way. */
  skipped?: boolean;
}

/** One stretch of agent speech as the caller heard it, with what was said in it. */
export interface HeardUtterance {
  startMs: number;
  endMs: number;
  text: string;
  source: 'side_channel' | 'transcript';
  /** For a transcript: what transcribed it, e.g. "embedded" or "openai:gpt-4o-mini-transcribe". */
  transcriber?: string;
  /** For a transcript: why this segment has no text (its request failed); scoring then cannot judge speech in it. */
  error?: string;
}
