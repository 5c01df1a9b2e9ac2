/**
 * A `converse` turn at run time: the goal-driven caller hears the agent's turn, decides, and
 * speaks, until its goal is reached or someone hangs up. Driven by the call's 20 ms step like the
 * scripted turns (turn-script.ts); hearing the agent's words, deciding and synthesizing are
 * asynchronous and only polled here, so a slow policy or synthesizer never delays a frame.
 *
 * The agent's turn is over when it has been quiet for `reply_gap_ms` with nothing left to play,
 * or as soon as it has gone quiet after a question (its words end with "?").
 *
 * Each caller line is a turn of its own in the call's events (turn numbers from the converse
 * turn's index on), so per-turn latency and the reports work as for scripted turns; every
 * decision is a `caller_line` event with its reason (and the persona's speech style, when it
 * changed how the line was said: line-style.ts).
 */
import { DEFAULT_DTMF_GAP_MS } from '../../scenario/types.ts';
import type { ConverseUntil, Patience } from '../../scenario/goal-types.ts';
import type { CallerGoal } from '../../scenario/types.ts';
import type { PreparedUtterance } from '../caller-audio.ts';
import type { CallControl, InterruptTiming } from '../turn-script.ts';
import type { StyledPart } from '../speech-style.ts';
import { HeardText, type AgentSaid, type AgentTextSource } from './hearing.ts';
import { styleLine, type AppliedLineStyle } from './line-style.ts';

/** The caller's voice for lines decided during the call (line-voice.ts). */
export interface LineSpeaker {
  /** The line's words and pauses (styleLine) as framed audio. */
  prepare(parts: readonly StyledPart[], signal: AbortSignal): Promise<PreparedUtterance>;
  dispose(): void;
}
import type { CallerMove, CallerPolicy, HeardTurn } from './policy.ts';

const SAMPLES_PER_MS = 8;
/** Quiet after a statement (no question) before the caller takes the turn: agents pause between sentences. */
const STATEMENT_GAP_FACTOR = 2.5;
/** …and at least this long: a loaded agent's text-to-speech can leave seconds between sentences. */
const STATEMENT_MIN_WAIT_MS = 3_000;
/** How long the caller waits for the agent to say anything before it speaks up, by patience. */
const WAIT_FOR_AGENT_MS: Record<Patience, number> = { low: 8_000, normal: 15_000, high: 30_000 };

export interface ConversationHost extends CallControl {
  /** Agent audio still queued in the playback buffer at `nowSample` (0: nothing left to play). */
  queuedSamples(nowSample: number): number;
}

export interface ConversationOptions {
  goal: CallerGoal;
  until: ConverseUntil;
  /** The converse turn's index: its first line's turn number (already started by the script). */
  firstTurn: number;
  startSample: number;
  /** End of the caller's last speech before the conversation (ms): what the agent said since is answered first. */
  answeredUpToMs: number;
  policy: CallerPolicy;
  voice: LineSpeaker;
  hear: AgentTextSource;
}

/** A value an async step will settle. */
interface Pending<T> {
  value?: T;
  error?: unknown;
}

function track<T>(promise: Promise<T>): Pending<T> {
  const slot: Pending<T> = {};
  promise.then(
    (value) => void (slot.value = value),
    (error: unknown) => void (slot.error = error ?? new Error('failed')),
  );
  return slot;
}

type Decision = { heard: HeardTurn; move: CallerMove };
/** The agent's words fetched when it went quiet (keyed by where its speech ended). */
type Prefetch = { endSample: number; promise: Promise<AgentSaid>; text: Pending<AgentSaid> };

type State =
  | {
      kind: 'hearing';
      refSample: number;
      heardSpeech: boolean;
      interruptTried: boolean;
      prefetch: Prefetch | null;
    }
  | {
      kind: 'deciding';
      atSample: number;
      decision: Pending<Decision>;
      interrupt: InterruptTiming | null;
    }
  | {
      kind: 'voicing';
      atSample: number;
      move: CallerMove;
      audio: Pending<PreparedUtterance>;
      interrupt: InterruptTiming | null;
    }
  | { kind: 'speaking'; untilSample: number; voiceEndSample: number; move: CallerMove }
  | { kind: 'keying'; keys: string; index: number; nextSample: number; move: CallerMove }
  | { kind: 'done' };

export class Conversation {
  private state: State;
  private lines = 0;
  private turn: number;
  private goalReached = false;
  private readonly heardText: HeardText;
  private readonly abort = new AbortController();

  constructor(
    private readonly host: ConversationHost,
    private readonly options: ConversationOptions,
  ) {
    this.turn = options.firstTurn;
    this.heardText = new HeardText(options.answeredUpToMs);
    // What the agent said before the conversation began (a greeting heard by a `listen`) is still to be answered.
    const heardBefore =
      host.agent.speaking || host.agent.lastOnsetSample >= options.answeredUpToMs * SAMPLES_PER_MS;
    this.state = {
      kind: 'hearing',
      refSample: options.startSample,
      heardSpeech: heardBefore && host.agent.lastOnsetSample >= 0,
      interruptTried: false,
      prefetch: null,
    };
  }

  get finished(): boolean {
    return this.state.kind === 'done';
  }

  dispose(): void {
    this.abort.abort();
    this.options.voice.dispose();
    this.state = { kind: 'done' };
  }

  /** Called once per frame, as TurnScript.step is. */
  step(frameStart: number, now: number): void {
    for (let guard = 0; guard < 8; guard++) {
      const before = this.state;
      this.advance(frameStart, now);
      if (this.state === before) return;
    }
  }

  private advance(frameStart: number, now: number): void {
    const s = this.state;
    switch (s.kind) {
      case 'done':
        return;
      case 'hearing':
        return this.hearAgent(s, frameStart, now);
      case 'deciding':
        return this.awaitDecision(s, frameStart);
      case 'voicing':
        return this.awaitVoice(s, frameStart);
      case 'speaking':
        if (frameStart < s.untilSample) return;
        return this.afterWords(s.move, frameStart, s.voiceEndSample);
      case 'keying': {
        if (frameStart < s.nextSample) return;
        this.host.sendDtmf(s.keys[s.index], this.turn, frameStart);
        if (s.index + 1 < s.keys.length)
          this.state = {
            ...s,
            index: s.index + 1,
            nextSample: s.nextSample + DEFAULT_DTMF_GAP_MS * SAMPLES_PER_MS,
          };
        else this.afterKeys(s.move, frameStart);
        return;
      }
    }
  }

  private hearAgent(s: Extract<State, { kind: 'hearing' }>, frameStart: number, now: number): void {
    const agent = this.host.agent;
    const { goal } = this.options;
    if (!s.heardSpeech && (agent.speaking || agent.lastOnsetSample >= s.refSample)) {
      this.state = { ...s, heardSpeech: true };
      return;
    }
    if (agent.speaking) {
      const limit = goal.persona.interruptAfterMs;
      if (
        limit !== null &&
        !s.interruptTried &&
        now - agent.lastOnsetSample >= limit * SAMPLES_PER_MS
      ) {
        this.state = { ...s, interruptTried: true };
        return this.decide(this.options.hear(this.abort.signal), frameStart, {
          agentOnsetSample: agent.lastOnsetSample,
          afterMs: limit,
        });
      }
      return;
    }
    if (!s.heardSpeech) {
      if (now - s.refSample < WAIT_FOR_AGENT_MS[goal.persona.patience] * SAMPLES_PER_MS) return;
      // The agent said nothing: at the start it may wait for the caller; after the goal, the call is done.
      if (this.goalReached && this.options.until === 'goal_or_hangup')
        return this.end('goal', frameStart);
      if (this.lines > 0)
        this.host.log({
          type: 'reply_timeout',
          tMs: now / SAMPLES_PER_MS,
          turn: this.turn,
          waitedMs: (now - s.refSample) / SAMPLES_PER_MS,
        });
      return this.decide(Promise.resolve({ said: [], source: 'none' }), frameStart, null);
    }
    if (this.host.queuedSamples(now) > 0) return;
    // Quiet and nothing left to play: fetch its words once per end of speech, to spot a question early.
    let prefetch = s.prefetch;
    if (prefetch === null || prefetch.endSample !== agent.lastEndSample) {
      const promise = this.options.hear(this.abort.signal);
      prefetch = { endSample: agent.lastEndSample, promise, text: track(promise) };
      this.state = { ...s, prefetch };
    }
    const quietMs = (now - agent.lastEndSample) / SAMPLES_PER_MS;
    const words =
      prefetch.text.value === undefined ? null : this.heardText.peek(prefetch.text.value.said);
    const asked = words !== null && /\?["')\s]*$/.test(words);
    if (quietMs < goal.replyGapMs && !asked) return;
    // A statement may be followed by a question after a pause: wait longer before taking the turn.
    if (!asked && quietMs < Math.max(goal.replyGapMs * STATEMENT_GAP_FACTOR, STATEMENT_MIN_WAIT_MS))
      return;
    this.decide(prefetch.promise, frameStart, null);
  }

  private decide(
    said: Promise<AgentSaid>,
    frameStart: number,
    interrupt: InterruptTiming | null,
  ): void {
    const { policy } = this.options;
    const decision = said
      .catch((): AgentSaid => ({ said: [], source: 'none' }))
      .then(async (s) => {
        const heard: HeardTurn = { text: this.heardText.take(s.said), source: s.source };
        return { heard, move: await policy.decide(heard, this.abort.signal) };
      });
    this.state = { kind: 'deciding', atSample: frameStart, decision: track(decision), interrupt };
  }

  private awaitDecision(s: Extract<State, { kind: 'deciding' }>, frameStart: number): void {
    if (s.decision.error !== undefined) {
      // The policies never reject; this is a bug, reported on the call rather than thrown into the frame loop.
      this.host.log({
        type: 'call_error',
        tMs: frameStart / SAMPLES_PER_MS,
        message: `the caller policy failed: ${String(s.decision.error)}`,
      });
      return this.end('caller_hangup', frameStart);
    }
    const decided = s.decision.value;
    if (decided === undefined) return;
    const { heard, move } = decided;
    const speaks = move.say !== null || move.dtmf !== null;
    if (speaks && this.lines >= this.options.goal.maxTurns) {
      this.logLine(frameStart, heard, {
        ...move,
        say: null,
        dtmf: null,
        hangup: true,
        reason: { ...move.reason, note: `max_turns (${this.options.goal.maxTurns}) reached` },
      });
      return this.end('max_turns', frameStart);
    }
    const styled =
      move.say === null ? null : styleLine(move.say, this.options.goal.persona, this.lines + 1);
    this.logLine(frameStart, heard, move, styled?.applied ?? null);
    if (move.goalReached) this.goalReached = true;
    if (!speaks) {
      if (move.hangup) return this.end(this.goalReached ? 'goal' : 'caller_hangup', frameStart);
      this.state = {
        kind: 'hearing',
        refSample: frameStart,
        heardSpeech: false,
        interruptTried: false,
        prefetch: null,
      };
      return;
    }
    if (styled === null) return this.startKeys(move, frameStart);
    this.state = {
      kind: 'voicing',
      atSample: s.atSample,
      move,
      audio: track(this.options.voice.prepare(styled.parts, this.abort.signal)),
      interrupt: s.interrupt,
    };
  }

  private awaitVoice(s: Extract<State, { kind: 'voicing' }>, frameStart: number): void {
    if (s.audio.error !== undefined) {
      this.host.log({
        type: 'call_error',
        tMs: frameStart / SAMPLES_PER_MS,
        message: `could not synthesize the caller's line "${s.move.say}": ${s.audio.error instanceof Error ? s.audio.error.message : String(s.audio.error)}`,
      });
      return this.end('caller_hangup', frameStart);
    }
    const audio = s.audio.value;
    if (audio === undefined) return;
    if (frameStart < s.atSample + this.options.goal.persona.silenceBeforeMs * SAMPLES_PER_MS)
      return;
    this.nextLine(frameStart);
    const { endSample, voiceEndSample } = this.host.speak(
      audio,
      this.turn,
      frameStart,
      s.interrupt,
    );
    this.state = { kind: 'speaking', untilSample: endSample, voiceEndSample, move: s.move };
  }

  /** Each line after the first is a new turn in the call's events. */
  private nextLine(frameStart: number): void {
    if (this.lines > 0) {
      const tMs = frameStart / SAMPLES_PER_MS;
      this.host.log({ type: 'caller_turn_ended', tMs, turn: this.turn });
      this.turn++;
      this.host.log({ type: 'caller_turn_started', tMs, turn: this.turn, kind: 'converse' });
    }
    this.lines++;
  }

  private afterWords(move: CallerMove, frameStart: number, voiceEndSample: number): void {
    if (move.dtmf !== null) return this.startKeys(move, frameStart, false);
    if (move.hangup) return this.end(this.goalReached ? 'goal' : 'caller_hangup', frameStart);
    this.state = {
      kind: 'hearing',
      refSample: voiceEndSample,
      heardSpeech: false,
      interruptTried: false,
      prefetch: null,
    };
  }

  private startKeys(move: CallerMove, frameStart: number, newLine = true): void {
    if (newLine) this.nextLine(frameStart);
    this.state = {
      kind: 'keying',
      keys: (move.dtmf ?? '').replace(/[^0-9*#A-D]/g, ''),
      index: 0,
      nextSample: frameStart,
      move,
    };
    if ((this.state as { keys: string }).keys === '') this.afterKeys(move, frameStart);
  }

  private afterKeys(move: CallerMove, frameStart: number): void {
    if (move.hangup) return this.end(this.goalReached ? 'goal' : 'caller_hangup', frameStart);
    this.state = {
      kind: 'hearing',
      refSample: frameStart,
      heardSpeech: false,
      interruptTried: false,
      prefetch: null,
    };
  }

  private logLine(
    frameStart: number,
    heard: HeardTurn,
    move: CallerMove,
    style: AppliedLineStyle | null = null,
  ): void {
    const { reason } = move;
    this.host.log({
      type: 'caller_line',
      tMs: frameStart / SAMPLES_PER_MS,
      turn: this.lines > 0 && (move.say !== null || move.dtmf !== null) ? this.turn + 1 : this.turn,
      heard: heard.text,
      heardFrom: heard.source,
      say: move.say,
      dtmf: move.dtmf,
      hangup: move.hangup,
      policy: reason.policy,
      intent: reason.intent,
      pattern: reason.pattern,
      fact: reason.fact,
      ...(reason.note === undefined ? {} : { note: reason.note }),
      ...(reason.error === undefined ? {} : { error: reason.error }),
      ...(style === null ? {} : { spoken: style.spoken, numberPauseMs: style.numberPauseMs }),
    });
  }

  private end(reason: 'goal' | 'caller_hangup' | 'max_turns', frameStart: number): void {
    const tMs = frameStart / SAMPLES_PER_MS;
    this.host.log({ type: 'converse_ended', tMs, turn: this.turn, reason, lines: this.lines });
    this.host.log({ type: 'caller_turn_ended', tMs, turn: this.turn });
    this.state = { kind: 'done' };
    this.options.voice.dispose();
    this.host.hangup();
  }
}
