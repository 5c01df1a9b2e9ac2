/**
 * Judges a finished call against its scenario's expectations (`expect:` per turn) and success
 * criteria (`success:`), from three kinds of evidence, each verdict naming the one it used:
 *
 * - the call's events (timing, barge-in stop, re-prompts, who ended the call): always there;
 * - the agent's side channel (tool calls, what it said, how the call ended), when it has one;
 * - a transcript of what the caller heard, for agents without a side channel.
 *
 * A turn's window runs from its start to the next turn's start (the first turn's from the stream
 * opening): what the agent did in answer to it, including speech still going on when it opens.
 */
import { missedCutInReason } from './cut-in.ts';
import type { AgentReport, AgentToolCall } from '../entities/side-channel.ts';
import type { CallEvent } from '../metrics/events.ts';
import type { TurnMetrics } from '../metrics/turn-metrics.ts';
import type { Expectation, Scenario } from '../scenario/types.ts';
import { readsBack, saysPhrase } from './heard-text.ts';
import type { EvidenceSource, ExpectationResult, HeardUtterance } from './types.ts';

export interface CallEvidence {
  events: readonly CallEvent[];
  turns: readonly TurnMetrics[];
  /** The agent's side channel for this call; null when it offers none. */
  agent: AgentReport | null;
  /** What the caller heard, transcribed; null when not transcribed. */
  heard: readonly HeardUtterance[] | null;
  /** Which evidence judges what the agent said (default auto: its side channel, else the transcript). */
  speech?: SpeechEvidence;
}

/** auto: the side channel when the agent reports what it said, else the transcript; both: each must agree. */
export type SpeechEvidence = 'auto' | 'side_channel' | 'transcript' | 'both';

/** Verdicts on criteria written in words (an LLM judge); absent → those criteria are skipped. */
export type JudgeCriterion = (
  criterion: string,
) => Promise<{ passed: boolean; reason: string; problem?: string }>;

export interface CallJudgement {
  /** Per-turn expectations, then success criteria (turn null), in file order. */
  expectations: ExpectationResult[];
  /** Whether the call did its task: all success criteria held; null when the scenario has none. */
  complete: boolean | null;
}

/** Agent speech placed on the caller's clock; the agent's clock starts a few ms later, hence the slack. */
const WINDOW_SLACK_MS = 50;
const TRANSFER_TOOL = /transfer|human|escalat|operator/i;

interface Window {
  startMs: number;
  endMs: number;
}

export async function judgeCall(
  scenario: Scenario,
  evidence: CallEvidence,
  judge?: JudgeCriterion,
): Promise<CallJudgement> {
  const out: ExpectationResult[] = [];
  scenario.turns.forEach((turn, index) => {
    for (const expectation of turn.expect ?? []) out.push(checkTurn(expectation, index, evidence));
  });
  const criteria: ExpectationResult[] = [];
  for (const expectation of scenario.success ?? []) {
    criteria.push(
      expectation.kind === 'judge'
        ? await checkJudge(expectation, judge)
        : check(expectation, null, { startMs: -Infinity, endMs: Infinity }, evidence),
    );
  }
  out.push(...criteria);
  const counted = criteria.filter((c) => !c.skipped);
  return {
    expectations: out,
    complete:
      scenario.success === undefined || counted.length === 0
        ? null
        : counted.every((c) => c.passed),
  };
}

function checkTurn(
  expectation: Expectation,
  index: number,
  evidence: CallEvidence,
): ExpectationResult {
  const metrics = evidence.turns.find((t) => t.turn === index);
  if (!metrics) {
    // An agent that hangs up after its goodbye ends the call before a closing `listen` runs: that
    // hang-up is what `ends_call` asks for.
    if (expectation.kind === 'ends_call')
      return checkEnding(
        expectation,
        index,
        { startMs: lastTurnStartMs(evidence), endMs: Infinity },
        evidence,
      );
    // Not judged (skipped), not failed: the call's own verdict already says why it ended early.
    return result(
      expectation,
      index,
      false,
      `skipped: turn ${index + 1} never ran (the call ended before it)`,
      'events',
      true,
    );
  }
  const next = evidence.turns.find((t) => t.turn > index);
  // The first turn's window opens with the call: a greeting can start before the caller's first frame.
  // A conversation's expectations are about the whole conversation (its lines are turns of their own).
  const endMs = metrics.kind === 'converse' ? Infinity : (next?.startedMs ?? Infinity);
  return check(expectation, index, { startMs: metrics.windowStartMs, endMs }, evidence, metrics);
}

function check(
  expectation: Expectation,
  turn: number | null,
  window: Window,
  evidence: CallEvidence,
  metrics?: TurnMetrics,
): ExpectationResult {
  switch (expectation.kind) {
    case 'says':
    case 'says_regex':
    case 'reads_back':
      return checkSpeech(expectation, turn, window, evidence);
    case 'within_ms': {
      // A `listen` turn counts from its window's start (the stream opening, for a greeting); speech
      // already under way then was on time.
      const latency =
        metrics?.kind === 'listen'
          ? metrics.agentOnsetMs === null
            ? null
            : Math.max(0, metrics.agentOnsetMs - window.startMs)
          : (metrics?.latencyMs ?? null);
      if (latency === null)
        return result(
          expectation,
          turn,
          false,
          `the agent did not reply (no audible speech after the caller's turn)`,
          'events',
        );
      return result(
        expectation,
        turn,
        latency <= expectation.ms,
        latency <= expectation.ms
          ? null
          : `the agent replied after ${Math.round(latency)} ms (budget ${expectation.ms} ms)`,
        'events',
      );
    }
    case 'stops_within_ms': {
      if (!metrics?.interruptedAgent)
        return result(
          expectation,
          turn,
          false,
          missedCutInReason(evidence.events, turn ?? -1),
          'events',
        );
      const stop = metrics.bargeInStopMs;
      if (stop === null)
        return result(
          expectation,
          turn,
          false,
          'the agent never stopped talking while the caller talked over it',
          'events',
        );
      return result(
        expectation,
        turn,
        stop <= expectation.ms,
        stop <= expectation.ms
          ? null
          : `the agent stopped ${Math.round(stop)} ms after the caller cut in (budget ${expectation.ms} ms)`,
        'events',
      );
    }
    case 'reprompts': {
      const onset = evidence.events.find(
        (e) => e.type === 'agent_speech_started' && e.tMs >= window.startMs && e.tMs < window.endMs,
      );
      if (!onset)
        return result(expectation, turn, false, 'the agent stayed silent (no re-prompt)', 'events');
      const after = onset.tMs - window.startMs;
      const ok = expectation.withinMs === null || after <= expectation.withinMs;
      return result(
        expectation,
        turn,
        ok,
        ok
          ? null
          : `the agent re-prompted ${Math.round(after)} ms into the silence (budget ${expectation.withinMs} ms)`,
        'events',
      );
    }
    case 'ends_call':
      return checkEnding(expectation, turn, window, evidence);
    case 'transferred': {
      if (!evidence.agent)
        return result(
          expectation,
          turn,
          false,
          "can't tell whether the call was transferred: the agent has no side channel",
          'none',
        );
      const transferred = wasTransferred(evidence.agent);
      return result(
        expectation,
        turn,
        transferred === expectation.expected,
        transferred === expectation.expected
          ? null
          : transferred
            ? `the call was transferred (${transferEvidence(evidence.agent)})`
            : 'the call was not transferred',
        'side_channel',
      );
    }
    case 'tool_called':
      return checkTool(expectation, turn, window, evidence.agent);
    case 'judge':
      return result(
        expectation,
        turn,
        false,
        'judge criteria are checked per call, not per turn',
        'none',
        true,
      );
  }
}

function checkSpeech(
  expectation: Extract<Expectation, { kind: 'says' | 'says_regex' | 'reads_back' }>,
  turn: number | null,
  window: Window,
  evidence: CallEvidence,
): ExpectationResult {
  const inWindow = (atMs: number | null) =>
    atMs === null ? turn === null : atMs >= window.startMs - WINDOW_SLACK_MS && atMs < window.endMs;
  const mode = evidence.speech ?? 'auto';
  const fromAgent =
    mode !== 'transcript' && evidence.agent && evidence.agent.said.length > 0
      ? evidence.agent.said
          .filter((u) => inWindow(u.atMs))
          .map((u) => u.text)
          .join(' ')
      : null;
  // What the caller heard belongs to the turn it starts in, and to the next turns while it goes on.
  const heardInWindow = (u: HeardUtterance) =>
    inWindow(u.startMs) ||
    (turn !== null && u.startMs < window.endMs && u.endMs > window.startMs + WINDOW_SLACK_MS);
  const fromAudio =
    mode !== 'side_channel' && evidence.heard
      ? evidence.heard
          .filter(heardInWindow)
          .map((u) => u.text)
          .join(' ')
      : null;
  const matches = (text: string): boolean => {
    switch (expectation.kind) {
      case 'says':
        return expectation.phrases.some((p) => saysPhrase(text, p));
      case 'says_regex':
        return new RegExp(expectation.pattern, 'i').test(text);
      case 'reads_back':
        return readsBack(text, expectation.entity);
    }
  };
  const heardWhat = (text: string, who: string): string =>
    text.trim() === '' ? `${who} nothing here` : `${who}: "${clip(text)}"`;
  // A segment here whose transcription failed: a miss in the transcript may be the transcriber's, not the agent's.
  const untranscribed = evidence.heard?.find(
    (u) => u.error !== undefined && heardInWindow(u),
  )?.error;
  if (mode === 'both' && fromAgent !== null && fromAudio !== null) {
    const bySide = matches(fromAgent);
    const byAudio = matches(fromAudio);
    const reasons = [
      bySide ? null : heardWhat(fromAgent, 'the agent reports it said'),
      byAudio ? null : heardWhat(fromAudio, 'the caller heard'),
      byAudio || untranscribed === undefined ? null : untranscribed,
    ].filter((r) => r !== null);
    return result(
      expectation,
      turn,
      bySide && byAudio,
      reasons.length ? reasons.join('; ') : null,
      !byAudio && untranscribed !== undefined ? 'none' : 'both',
    );
  }
  const text = mode === 'transcript' ? fromAudio : (fromAgent ?? fromAudio);
  if (text === null)
    return result(
      expectation,
      turn,
      false,
      "can't tell what the agent said: it has no side channel and the call was not transcribed",
      'none',
    );
  const source: EvidenceSource = text === fromAgent ? 'side_channel' : 'transcript';
  const ok = matches(text);
  if (!ok && source === 'transcript' && untranscribed !== undefined)
    return result(
      expectation,
      turn,
      false,
      `${heardWhat(text, 'the caller heard')}; ${untranscribed}`,
      'none',
    );
  return result(
    expectation,
    turn,
    ok,
    ok ? null : heardWhat(text, source === 'side_channel' ? 'the agent said' : 'the caller heard'),
    source,
  );
}

function lastTurnStartMs(evidence: CallEvidence): number {
  return evidence.turns.at(-1)?.windowStartMs ?? 0;
}

function checkEnding(
  expectation: Extract<Expectation, { kind: 'ends_call' }>,
  turn: number | null,
  window: Window,
  evidence: CallEvidence,
): ExpectationResult {
  const ended = evidence.events.find(
    (e): e is Extract<CallEvent, { type: 'call_ended' }> => e.type === 'call_ended',
  );
  const closedByAgent = evidence.events.some(
    (e) => e.type === 'ws_closed' && e.by === 'agent' && e.tMs >= window.startMs,
  );
  if (!ended || (ended.endedBy !== 'agent' && !closedByAgent))
    return result(
      expectation,
      turn,
      false,
      `the agent did not end the call (ended by ${ended?.endedBy ?? 'nobody'})`,
      'events',
    );
  if (expectation.how === 'any') return result(expectation, turn, true, null, 'events');
  if (!evidence.agent)
    return result(
      expectation,
      turn,
      false,
      `the agent ended the call, but can't tell a transfer from a hang-up without its side channel`,
      'none',
    );
  const transferred = wasTransferred(evidence.agent);
  const ok = (expectation.how === 'transfer') === transferred;
  return result(
    expectation,
    turn,
    ok,
    ok
      ? null
      : transferred
        ? `the agent transferred the call (${transferEvidence(evidence.agent)})`
        : `the agent hung up without transferring`,
    'side_channel',
  );
}

function checkTool(
  expectation: Extract<Expectation, { kind: 'tool_called' }>,
  turn: number | null,
  window: Window,
  agent: AgentReport | null,
): ExpectationResult {
  if (!agent)
    return result(
      expectation,
      turn,
      false,
      "can't see tool calls: the agent has no side channel (GET /calls/:callSid)",
      'none',
    );
  const inWindow = (call: AgentToolCall) =>
    turn === null ||
    call.atMs === null ||
    (call.atMs >= window.startMs - WINDOW_SLACK_MS && call.atMs < window.endMs);
  const named = agent.toolCalls.filter((c) => c.name === expectation.name && inWindow(c));
  if (named.length === 0) {
    const other = agent.toolCalls.filter(inWindow).map((c) => c.name);
    return result(
      expectation,
      turn,
      false,
      `${expectation.name} was not called${turn === null ? '' : ' here'}${other.length ? ` (called: ${[...new Set(other)].join(', ')})` : ''}`,
      'side_channel',
    );
  }
  const mismatch = (call: AgentToolCall): string | null => {
    const args =
      call.arguments && typeof call.arguments === 'object'
        ? (call.arguments as Record<string, unknown>)
        : {};
    for (const [key, want] of Object.entries(expectation.args)) {
      const got = args[key];
      if (got === undefined) return `${key} missing`;
      if (loose(String(got)) !== loose(want))
        return `${key} = ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
    }
    return null;
  };
  const problems = named.map(mismatch);
  const ok = problems.some((p) => p === null);
  return result(
    expectation,
    turn,
    ok,
    ok ? null : `${expectation.name} was called with ${problems.join('; ')}`,
    'side_channel',
  );
}

async function checkJudge(
  expectation: Extract<Expectation, { kind: 'judge' }>,
  judge?: JudgeCriterion,
): Promise<ExpectationResult> {
  if (!judge)
    return result(
      expectation,
      null,
      false,
      'skipped: no LLM judge asked for (--judge or CALLBENCH_JUDGE=openai, with OPENAI_API_KEY)',
      'none',
      true,
    );
  const verdict = await judge(expectation.criterion);
  return result(
    expectation,
    null,
    verdict.passed,
    verdict.passed ? null : verdict.reason,
    verdict.problem ? 'none' : 'judge',
  );
}

function wasTransferred(agent: AgentReport): boolean {
  return (
    agent.toolCalls.some((c) => TRANSFER_TOOL.test(c.name)) ||
    /transfer/i.test(agent.endReason ?? '')
  );
}

function transferEvidence(agent: AgentReport): string {
  const tool = agent.toolCalls.find((c) => TRANSFER_TOOL.test(c.name));
  return tool ? `tool ${tool.name}` : `end reason "${agent.endReason ?? ''}"`;
}

/** Arguments compare without case, spaces or punctuation: "(415) 555-0134" = "4155550134". */
function loose(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function clip(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** What an expectation asks for, in plain words. */
export function describeExpectation(e: Expectation): string {
  switch (e.kind) {
    case 'says':
      return e.phrases.length === 1
        ? `agent says "${e.phrases[0]}"`
        : `agent says one of ${e.phrases.map((p) => `"${p}"`).join(', ')}`;
    case 'says_regex':
      return `agent says something matching /${e.pattern}/i`;
    case 'reads_back':
      return `agent reads back ${e.entity.name} (${e.entity.value})`;
    case 'within_ms':
      return `agent replies within ${e.ms} ms`;
    case 'tool_called': {
      const args = Object.entries(e.args)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      return `agent calls ${e.name}${args ? `(${args})` : ''}`;
    }
    case 'stops_within_ms':
      return `agent stops within ${e.ms} ms when interrupted`;
    case 'reprompts':
      return e.withinMs === null
        ? 'agent re-prompts after the silence'
        : `agent re-prompts within ${e.withinMs} ms`;
    case 'ends_call':
      return e.how === 'any'
        ? 'agent ends the call'
        : e.how === 'transfer'
          ? 'agent transfers the call'
          : 'agent hangs up';
    case 'transferred':
      return e.expected ? 'call is transferred to a human' : 'call is not transferred';
    case 'judge':
      return `judge: ${e.criterion}`;
  }
}

function result(
  e: Expectation,
  turn: number | null,
  passed: boolean,
  reason: string | null,
  source: EvidenceSource,
  skipped = false,
): ExpectationResult {
  const r: ExpectationResult = {
    turn: turn === null ? null : turn + 1,
    kind: e.kind,
    description: describeExpectation(e),
    passed,
    reason,
    source,
    at: e.at,
  };
  if (skipped) r.skipped = true;
  return r;
}
