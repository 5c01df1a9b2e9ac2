/**
 * Plays a scenario's turns, one 20 ms step at a time. The call asks `step()` once per frame,
 * after it has sent the frame and heard the matching stretch of agent audio; the script decides
 * what the caller does from the next frame on: speak an utterance, press keys, stay silent, wait
 * for the agent's reply, talk over it, or hang up.
 */
import type { CallEvent, TurnKind } from '../metrics/events.ts';
import type { ReplyWait, Turn } from '../scenario/types.ts';
import type { ScriptPosition } from './agent-hangup.ts';
import type { PreparedUtterance } from './caller-audio.ts';

/** A goal-driven conversation (src/caller/converse/conversation.ts) as the script drives it. */
export interface ConverseTurn {
  readonly finished: boolean;
  step(frameStartSample: number, nowSample: number): void;
  dispose(): void;
}

/** Starts the conversation of the `converse` turn at `turn`; null when the call cannot hold one (reported by the call). */
export type StartConversation = (turn: number, startSample: number) => ConverseTurn | null;

const SAMPLES_PER_MS = 8;
/** A reply longer than this is cut short (the agent may be stuck talking). */
export const MAX_REPLY_MS = 120_000;
const DTMF_PAUSE_MS = 500;

/** What the script knows of the agent: speech as the caller heard it. */
export interface AgentHearing {
  readonly speaking: boolean;
  /** Onset of the current (or last) heard segment; -1 before any. */
  readonly lastOnsetSample: number;
  /** End of the last finished heard segment; -1 before any. */
  readonly lastEndSample: number;
}

/** An interruption's timing: the agent's first audible sample it answers, and the after_ms asked. */
export interface InterruptTiming {
  agentOnsetSample: number;
  afterMs: number;
}

export interface CallControl {
  readonly agent: AgentHearing;
  /**
   * Starts sending `utterance` at `startSample` (a frame boundary), less its first `trimSamples`
   * samples of lead silence; returns where its voice ends (or the utterance ends, if unvoiced).
   */
  speak(
    utterance: PreparedUtterance,
    turn: number,
    startSample: number,
    interrupt: InterruptTiming | null,
    trimSamples?: number,
  ): { endSample: number; voiceEndSample: number };
  /** Presses a key at `atSample` (a frame boundary). */
  sendDtmf(digit: string, turn: number, atSample: number): void;
  log(event: CallEvent): void;
  hangup(): void;
}

type Phase =
  | { kind: 'next' }
  | { kind: 'speaking'; untilSample: number; voiceEndSample: number; wait: ReplyWait }
  | {
      kind: 'dtmf';
      digits: string;
      index: number;
      nextSample: number;
      gapSamples: number;
      wait: ReplyWait;
    }
  | { kind: 'silence'; untilSample: number }
  | {
      kind: 'await_agent';
      deadlineSample: number;
      turnStartSample: number;
      afterSamples: number;
      utterance: PreparedUtterance;
      wait: ReplyWait;
    }
  | { kind: 'reply'; refSample: number; wait: ReplyWait; heardOnsetSample: number }
  | { kind: 'converse'; conversation: ConverseTurn }
  | { kind: 'done' };

export class TurnScript {
  private index = -1;
  private phase: Phase = { kind: 'next' };

  constructor(
    private readonly turns: readonly Turn[],
    /** Prepared audio for `say` and `interrupt` turns, by turn index. */
    private readonly audio: ReadonlyMap<number, PreparedUtterance>,
    private readonly control: CallControl,
    private readonly startConversation: StartConversation | null = null,
  ) {}

  /** Stops what the script has running in the background (a conversation's policy and synthesis). */
  dispose(): void {
    if (this.phase.kind === 'converse') this.phase.conversation.dispose();
  }

  get finished(): boolean {
    return this.phase.kind === 'done';
  }

  /** The turn being played (0-based), or -1 before the first. */
  get turnIndex(): number {
    return this.index;
  }

  /** Where the script stands, for judging an agent hang-up (see agent-hangup.ts). */
  get position(): ScriptPosition {
    const p = this.phase;
    return {
      index: this.index,
      phase: p.kind,
      replyHeard: p.kind === 'reply' && p.heardOnsetSample >= 0,
      expectsReply: p.kind === 'speaking' && p.wait.expectReply,
    };
  }

  /**
   * Advances the script. `frameStartSample` is where the next frame the caller sends begins;
   * `nowSample` is the present on the call's timeline.
   */
  step(frameStartSample: number, nowSample: number): void {
    // Several phases may finish in one step (a turn ends and the next one starts at once).
    for (let guard = 0; guard < 8; guard++) {
      const before = this.phase;
      this.advance(frameStartSample, nowSample);
      if (this.phase === before) return;
    }
  }

  private advance(frameStart: number, now: number): void {
    const p = this.phase;
    const turn = this.index;
    switch (p.kind) {
      case 'done':
        return;
      case 'next':
        return this.startNextTurn(frameStart);
      case 'speaking':
        if (frameStart < p.untilSample) return;
        if (!p.wait.expectReply) return this.endTurn(frameStart);
        this.phase = {
          kind: 'reply',
          refSample: p.voiceEndSample,
          wait: p.wait,
          heardOnsetSample: -1,
        };
        return;
      case 'dtmf':
        if (frameStart < p.nextSample) return;
        // `w` is a half-second pause (Twilio's sendDigits convention), not a key.
        if (p.digits[p.index] !== 'w') this.control.sendDtmf(p.digits[p.index], turn, frameStart);
        if (p.index + 1 < p.digits.length) {
          const pause = p.digits[p.index] === 'w' ? DTMF_PAUSE_MS * SAMPLES_PER_MS : p.gapSamples;
          this.phase = { ...p, index: p.index + 1, nextSample: p.nextSample + pause };
        } else if (p.wait.expectReply) {
          this.phase = { kind: 'reply', refSample: frameStart, wait: p.wait, heardOnsetSample: -1 };
        } else {
          this.endTurn(frameStart);
        }
        return;
      case 'silence':
        if (frameStart >= p.untilSample) this.endTurn(frameStart);
        return;
      case 'await_agent':
        return this.awaitAgent(p, frameStart, now);
      case 'reply':
        return this.awaitReply(p, frameStart, now);
      case 'converse':
        p.conversation.step(frameStart, now);
        if (p.conversation.finished) this.phase = { kind: 'done' };
        return;
    }
  }

  private startNextTurn(frameStart: number): void {
    this.index++;
    const turn = this.turns[this.index];
    if (!turn) {
      this.phase = { kind: 'done' };
      this.control.hangup();
      return;
    }
    const tMs = frameStart / SAMPLES_PER_MS;
    this.control.log({
      type: 'caller_turn_started',
      tMs,
      turn: this.index,
      kind: turn.kind as TurnKind,
    });
    // The first turn's window opens with the stream: a greeting that began before the caller's
    // first frame is the first turn's to hear (or to talk over), not something already past.
    const windowStart = this.index === 0 ? 0 : frameStart;
    switch (turn.kind) {
      case 'listen':
        this.phase = {
          kind: 'reply',
          refSample: windowStart,
          wait: turn.wait,
          heardOnsetSample: -1,
        };
        return;
      case 'say': {
        const { endSample, voiceEndSample } = this.control.speak(
          this.utterance(),
          this.index,
          frameStart,
          null,
        );
        this.phase = { kind: 'speaking', untilSample: endSample, voiceEndSample, wait: turn.wait };
        return;
      }
      case 'dtmf':
        this.phase = {
          kind: 'dtmf',
          digits: turn.digits,
          index: 0,
          nextSample: frameStart,
          gapSamples: turn.gapMs * SAMPLES_PER_MS,
          wait: turn.wait,
        };
        return;
      case 'silence':
        this.phase = {
          kind: 'silence',
          untilSample: frameStart + turn.durationMs * SAMPLES_PER_MS,
        };
        return;
      case 'interrupt':
        this.phase = {
          kind: 'await_agent',
          deadlineSample: frameStart + turn.timeoutMs * SAMPLES_PER_MS,
          turnStartSample: windowStart,
          afterSamples: turn.afterMs * SAMPLES_PER_MS,
          utterance: this.utterance(),
          wait: turn.wait,
        };
        return;
      case 'hangup':
        this.phase = { kind: 'done' };
        this.control.log({ type: 'caller_turn_ended', tMs, turn: this.index });
        this.control.hangup();
        return;
      case 'converse': {
        const conversation = this.startConversation?.(this.index, frameStart) ?? null;
        if (conversation === null) {
          this.phase = { kind: 'done' };
          this.control.hangup();
          return;
        }
        this.phase = { kind: 'converse', conversation };
        return;
      }
    }
  }

  private awaitAgent(
    p: Extract<Phase, { kind: 'await_agent' }>,
    frameStart: number,
    now: number,
  ): void {
    const agent = this.control.agent;
    // The reply to interrupt: one audible now, or one that started since this turn began.
    const onset =
      agent.speaking || agent.lastOnsetSample >= p.turnStartSample ? agent.lastOnsetSample : -1;
    if (onset < 0) {
      if (now < p.deadlineSample) return;
      this.control.log({
        type: 'interrupt_skipped',
        tMs: now / SAMPLES_PER_MS,
        turn: this.index,
        reason: 'the agent did not start speaking in time',
      });
      return this.endTurn(frameStart);
    }
    // after_ms runs from the agent's first audible sample to the caller's first VOICED sample, so
    // the clip's lead silence plays before the target: start at the first frame boundary from
    // which the voice can reach it, trimming the lead silence by the rest so the voice lands on
    // the target sample (or as soon after it as the agent was heard, trimming more).
    const target = onset + p.afterSamples;
    const lead = p.utterance.voiced?.startSample ?? 0;
    if (frameStart + lead < target) return;
    const interrupt: InterruptTiming = {
      agentOnsetSample: onset,
      afterMs: p.afterSamples / SAMPLES_PER_MS,
    };
    const { endSample, voiceEndSample } = this.control.speak(
      p.utterance,
      this.index,
      frameStart,
      interrupt,
      frameStart + lead - target,
    );
    this.phase = { kind: 'speaking', untilSample: endSample, voiceEndSample, wait: p.wait };
  }

  private awaitReply(p: Extract<Phase, { kind: 'reply' }>, frameStart: number, now: number): void {
    const agent = this.control.agent;
    let heardOnset = p.heardOnsetSample;
    if (heardOnset < 0 && (agent.speaking || agent.lastOnsetSample >= p.refSample)) {
      heardOnset = agent.lastOnsetSample;
      this.phase = { ...p, heardOnsetSample: heardOnset };
    }
    if (heardOnset < 0) {
      const waited = now - p.refSample;
      if (waited < p.wait.timeoutMs * SAMPLES_PER_MS) return;
      this.control.log({
        type: 'reply_timeout',
        tMs: now / SAMPLES_PER_MS,
        turn: this.index,
        waitedMs: waited / SAMPLES_PER_MS,
      });
      return this.endTurn(frameStart);
    }
    if (now - heardOnset > MAX_REPLY_MS * SAMPLES_PER_MS) {
      this.control.log({ type: 'reply_too_long', tMs: now / SAMPLES_PER_MS, turn: this.index });
      return this.endTurn(frameStart);
    }
    if (agent.speaking) return;
    if (now - agent.lastEndSample >= p.wait.endSilenceMs * SAMPLES_PER_MS) this.endTurn(frameStart);
  }

  /** Ends the turn at `frameStart`, the boundary where the next turn (if any) begins. */
  private endTurn(frameStart: number): void {
    this.control.log({
      type: 'caller_turn_ended',
      tMs: frameStart / SAMPLES_PER_MS,
      turn: this.index,
    });
    this.phase = { kind: 'next' };
  }

  private utterance(): PreparedUtterance {
    const u = this.audio.get(this.index);
    if (!u) throw new Error(`internal: no prepared audio for turn ${this.index}`);
    return u;
  }
}
