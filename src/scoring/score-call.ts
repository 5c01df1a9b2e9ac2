/**
 * Scoring one finished call: metrics from its events, entities against the agent's captured
 * values, expectations and success criteria (with a transcript of what the caller heard when the
 * agent does not report what it said, and an LLM judge when one is configured).
 */
import type { CallResult, PreparedScenario } from '../caller/call.ts';
import { capturedValues, type AgentReport } from '../entities/side-channel.ts';
import { scoreEntity, type EntityResult } from '../entities/score.ts';
import { conversationText } from '../expectations/conversation.ts';
import { judgeCall, type JudgeCriterion, type SpeechEvidence } from '../expectations/evaluate.ts';
import type { HeardUtterance } from '../expectations/types.ts';
import { callMetrics } from '../metrics/call-metrics.ts';
import type { ScoredCall } from '../results/scored-call.ts';
import { heardSegments } from '../transcribe/heard-audio.ts';
import type { AudioTranscriber } from '../transcribe/audio-transcriber.ts';
import { conveyedFacts } from '../caller/converse/conveyed-facts.ts';
import { saidScriptedEntities } from './said-entities.ts';

export interface TranscriptJudge {
  /** `problem` set = nothing was judged (unreachable, malformed answer): the verdict's source is then "none". */
  judge(
    criterion: string,
    transcript: string,
  ): Promise<{ passed: boolean; reason: string; problem?: string }>;
}

export interface ScoringContext {
  judge: TranscriptJudge | undefined;
  /** What the caller heard (mu-law from frame 0), when it was kept; null otherwise. */
  heardMulaw: Uint8Array | null;
  /** Needed only when heard audio is given. */
  transcriber?: AudioTranscriber;
  speech: SpeechEvidence;
}

const SPEECH_EXPECTATIONS = new Set(['says', 'says_regex', 'reads_back']);

/** The phrases a transcript must be able to hear, or null when no expectation is about what the agent says. */
export function speechPhrases(plan: PreparedScenario): string[] | null {
  const all = [
    ...plan.scenario.turns.flatMap((t) => t.expect ?? []),
    ...(plan.scenario.success ?? []),
  ];
  if (!all.some((e) => SPEECH_EXPECTATIONS.has(e.kind))) return null;
  // A regex's literal stretches ("friday.*which time works best" → "friday", "which time works best")
  // are phrases too: the spotting grammar can only hear words it was given.
  const literal = (pattern: string): string[] =>
    pattern
      .split(/\\[a-z]|[^A-Za-z' ]+/i)
      .map((p) => p.trim())
      .filter((p) => p.length > 1);
  return all.flatMap((e) =>
    e.kind === 'says' ? e.phrases : e.kind === 'says_regex' ? literal(e.pattern) : [],
  );
}

/**
 * What the agent said, from its audio: only when an expectation needs it and the agent's side
 * channel does not say (a black-box agent). A transcription failure leaves it untranscribed
 * (expectations on speech then fail with source "none") rather than failing the run.
 */
async function transcribeIfNeeded(
  plan: PreparedScenario,
  result: CallResult,
  agent: AgentReport | null,
  how: ScoringContext,
): Promise<HeardUtterance[] | null> {
  const phrases = speechPhrases(plan);
  const reported = agent !== null && agent.said.length > 0;
  if (
    phrases === null ||
    !how.heardMulaw ||
    !how.transcriber ||
    how.speech === 'side_channel' ||
    (how.speech === 'auto' && reported)
  )
    return null;
  try {
    return await how.transcriber.transcribe(heardSegments(how.heardMulaw, result.events), phrases);
  } catch {
    return null;
  }
}

/** Whether the call's verdict needs the agent's side channel (entities, expectations, success criteria). */
function needsAgentReport(plan: PreparedScenario): boolean {
  const { turns, success } = plan.scenario;
  return (
    success !== undefined ||
    turns.some(
      (t) =>
        ((t.kind === 'say' || t.kind === 'dtmf' || t.kind === 'converse') &&
          (t.entities?.length ?? 0) > 0) ||
        (t.expect?.length ?? 0) > 0,
    )
  );
}

/**
 * Metrics, entities and expectations for a finished call. A call that met the harness's own checks
 * but failed an expectation or success criterion becomes `failed`, with the first failure as reason.
 */
export async function scoreCall(
  plan: PreparedScenario,
  result: CallResult,
  agent: AgentReport | null,
  how: ScoringContext,
): Promise<ScoredCall> {
  const { judge } = how;
  const metrics = callMetrics(result.events);
  if (!needsAgentReport(plan)) return { ...result, metrics };
  const scored: ScoredCall = { ...result, metrics, ...scoreEntities(plan, result, agent) };
  const hasExpectations =
    plan.scenario.success !== undefined ||
    plan.scenario.turns.some((t) => (t.expect?.length ?? 0) > 0);
  if (!hasExpectations) return scored;
  const heard = await transcribeIfNeeded(plan, result, agent, how);
  if (heard) scored.heard = heard;
  const conversation = (): string =>
    conversationText(plan.scenario.turns, metrics.turns, agent?.said ?? heard ?? []);
  const criterion: JudgeCriterion | undefined =
    judge && ((text) => judge.judge(text, conversation()));
  const judgement = await judgeCall(
    plan.scenario,
    { events: result.events, turns: metrics.turns, agent, heard, speech: how.speech },
    criterion,
  );
  scored.expectations = judgement.expectations;
  scored.complete = judgement.complete;
  const failed = judgement.expectations.find((e) => !e.passed && !e.skipped);
  if (failed && scored.status === 'passed') {
    scored.status = 'failed';
    const where = failed.turn === null ? 'success criterion' : `turn ${failed.turn}`;
    scored.reason = `${where} (line ${failed.at.line}): expected ${failed.description} — ${failed.reason ?? 'not met'}`;
  }
  return scored;
}

/** Scores the entities the caller gave (declared on turns it finished saying, or facts it conveyed) against the tool-call arguments the agent reports. */
function scoreEntities(
  plan: PreparedScenario,
  result: CallResult,
  agent: AgentReport | null,
): { entities?: EntityResult[] } {
  const declared = [
    ...saidScriptedEntities(plan.scenario, result.events),
    ...conveyedFacts(plan.scenario, result.events),
  ];
  if (declared.length === 0) return {};
  const captured = agent ? capturedValues(agent) : [];
  return {
    entities: declared.map(({ turn, e }) =>
      scoreEntity(turn, e, captured, agent ? 'side_channel' : 'none'),
    ),
  };
}
