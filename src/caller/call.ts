/**
 * One simulated phone call: the caller plays Twilio to the agent's Media Streams WebSocket.
 *
 * Timeline: the stream opens at call time 0 (`connected`, then `start`) — unless the agent's TwiML
 * played audio before the stream (`preStreamAudio`): then 0 is the answer, that audio plays from
 * 0, and the stream opens after it (media.timestamp still counts from the stream's start); caller audio frame k
 * covers [A + 20k, A + 20k + 20) ms, with A in [100, 120) chosen so the call falls on its
 * scheduler phase, and is sent when that stretch has been spoken (at its end), as a phone does.
 * Agent audio goes through the playback buffer; the listener hears it as it plays. Everything
 * that happens becomes a timestamped event; the call's result is its event log.
 */
import { agentHangupProblem } from './agent-hangup.ts';
import { CALLER_SOCKET_OPTIONS } from './socket-options.ts';
import WebSocket from 'ws';
import { FRAME_SAMPLES } from '../audio/constants.ts';
import type { Vad } from '../audio/vad.ts';
import type { CallEvent, CallStatus } from '../metrics/events.ts';
import type { Scenario } from '../scenario/types.ts';
import { newAccountSid, newCallSid, newStreamSid } from '../twilio/ids.ts';
import {
  encodeConnected,
  encodeDtmf,
  encodeMark,
  encodeStart,
  encodeStop,
  mediaMessageTemplate,
} from '../twilio/encode.ts';
import { parseAgentMessage } from '../twilio/parse-agent.ts';
import type { ViolationCode } from '../twilio/types.ts';
import {
  noiseBed,
  trimLeadSamples,
  type NoiseBed,
  type PreparedUtterance,
} from './caller-audio.ts';
import { LineSender } from './line-sender.ts';
import { hashSeed, hasRuntimeConditions } from '../audio/line/line-conditions.ts';
import { Listener } from './listener.ts';
import { PlaybackBuffer } from './playback-buffer.ts';
import { RepeatedEvents } from './repeated-events.ts';
import type { FrameScheduler, FrameTask, Registration } from './scheduler.ts';
import {
  TurnScript,
  type AgentHearing,
  type CallControl,
  type InterruptTiming,
} from './turn-script.ts';
import { selfInterruptionFailure } from '../metrics/self-interruptions.ts';
import {
  conversationFailure,
  conversationStarter,
  heardAudioTap,
  type CallConverseOptions,
  type PreparedConverse,
} from './converse/start.ts';

const SAMPLES_PER_MS = 8;
/** Twilio's first media chunk arrives ~100–170 ms after `start` in captures. */
const FIRST_MEDIA_MIN_MS = 100;
/** A pause in the agent's media this long makes the next message the start of a new burst. */
const MEDIA_BURST_GAP_MS = 500;
const LATE_FRAME_MS = 5;
const UNDERRUN_GRACE_MS = 100;
/** How long a hung-up call waits for the agent's side of the close handshake. */
const CLOSE_HANDSHAKE_MS = 1000;

export interface PreparedScenario {
  scenario: Scenario;
  /** Audio for `say` and `interrupt` turns, by turn index. */
  audio: ReadonlyMap<number, PreparedUtterance>;
  /** Goal-driven scenarios: the caller's rules table (src/caller/converse). */
  converse?: PreparedConverse;
  /** What the caller sends between turns when its line conditions shape the audio; else the shared line-noise bed. */
  bed?: NoiseBed;
}

export interface CallOptions {
  url: string;
  scheduler: FrameScheduler;
  /** A fresh VAD for this call's listener (VADs keep state). */
  vad: Vad;
  callId: string;
  signal?: AbortSignal;
  connectTimeoutMs?: number;
  accountSid?: string;
  /** Sees every 20 ms of both directions (caller frame sent, heard frame), e.g. to record the call. */
  onFrames?: (frameIndex: number, callerB64: string, heard: Uint8Array) => void;
  /** Goal-driven scenarios: how the caller speaks lines it decides during the call (and the LLM policy, if any). */
  converse?: CallConverseOptions;
  // ---- webhook-first calls (issue #13): set by src/caller/call-setup.ts ----
  /** The call's SID when the webhook already announced it. */
  callSid?: string;
  /** Extra headers on the WebSocket upgrade (Twilio signs it: X-Twilio-Signature). */
  upgradeHeaders?: Record<string, string>;
  /** What happened before the stream (the webhook's answer), logged first. */
  setupEvents?: readonly CallEvent[];
  /**
   * What TwiML played before the stream (<Say>/<Play>/<Pause>), mu-law from the answer. The call's
   * clock then starts at the answer: this audio plays from 0 through the playback buffer, heard
   * and recorded like the agent's, and the stream (dialled once it has played) opens after it.
   */
  preStreamAudio?: Uint8Array;
  /** The stream started (`start` sent) or stopped (the call ended after it started), at `tMs`. */
  onStream?: (event: 'started' | 'stopped', tMs: number, streamSid: string) => void;
}

export interface CallResult {
  callId: string;
  scenario: string;
  file: string;
  callSid: string;
  streamSid: string;
  status: CallStatus;
  reason: string | null;
  /**
   * The Media Streams URL dialed: `--agent`'s, or for a webhook call the TwiML's stream after
   * host mapping (absent when setup failed before a stream). The agent's side channel lives there.
   */
  mediaUrl?: string;
  /** Sorted by time. */
  events: CallEvent[];
}

interface SpeechSource {
  frames: string[];
  startFrame: number;
  turn: number;
  voiceStartFrame: number; // frame holding the first voiced sample, -1 if none
  voiceEndFrame: number;
  voiceStartMs: number;
  voiceEndMs: number;
  interrupt: InterruptTiming | null;
}

/** Runs one call to completion; never throws (failures are in the result). */
export function runCall(plan: PreparedScenario, options: CallOptions): Promise<CallResult> {
  return new SimulatedCall(plan, options).run();
}

class SimulatedCall implements FrameTask, CallControl, AgentHearing {
  private readonly events: CallEvent[] = [];
  private readonly callSid: string;
  private readonly streamSid = newStreamSid();
  private readonly accountSid: string;
  private readonly playback = new PlaybackBuffer();
  private readonly listener: Listener;
  private readonly script: TurnScript;
  private readonly bed: NoiseBed;
  private readonly heard = new Uint8Array(FRAME_SAMPLES);
  /** What the caller heard, kept when a goal-driven caller may transcribe it. */
  private readonly heardAudio: ReturnType<typeof heardAudioTap>;
  /** Loss, jitter and echo on the caller's frames; null on a clean line (the fast path). */
  private readonly line: LineSender | null;
  private readonly sendMedia: (
    seq: number,
    chunk: number,
    timestampMs: number,
    payload: string,
  ) => string;
  private ws: WebSocket | null = null;
  private registration: Registration | null = null;
  private openedAt = 0; // performance.now() at the call's time 0: the stream's start, or the answer when TwiML played audio first
  private opened = false;
  /** Length of the TwiML audio before the stream (0: none). */
  private readonly preStreamMs: number;
  /** Recording frames before frame 0 (the TwiML audio before the stream); 0 without it. */
  private recordingLeadFrames = 0;
  private gridOffsetSamples = 0; // G: where frame 0 begins
  private firstTimestampMs = 0;
  private seq = 0;
  private frameIndex = 0;
  private source: SpeechSource | null = null;
  private playing = false;
  private lastMediaAtMs = -Infinity;
  private mediaSinceCallerSpoke = false;
  private bytesReceived = 0;
  private framesLate = 0;
  private readonly violationCounts: Partial<Record<ViolationCode, number>> = {};
  private readonly repeated = new RepeatedEvents();
  private finished = false;
  private settle: (r: CallResult) => void = () => {};
  private endedBy: 'caller' | 'agent' | 'harness' = 'caller';
  private lastCallerVoiceEndMs = 0;
  private status: CallStatus = 'passed';
  private reason: string | null = null;
  // AgentHearing
  speaking = false;
  lastOnsetSample = -1;
  lastEndSample = -1;

  constructor(
    private readonly plan: PreparedScenario,
    private readonly options: CallOptions,
  ) {
    this.accountSid = options.accountSid ?? newAccountSid();
    this.callSid = options.callSid ?? newCallSid();
    this.events.push(...(options.setupEvents ?? []));
    const pre = options.preStreamAudio;
    this.preStreamMs = pre ? pre.length / SAMPLES_PER_MS : 0;
    if (pre && pre.length > 0) this.playback.enqueue(pre, 0);
    this.sendMedia = mediaMessageTemplate(this.streamSid);
    this.bed = plan.bed ?? noiseBed(plan.scenario.caller.lineNoiseDbfs);
    const line = plan.scenario.caller.line;
    this.line =
      line && hasRuntimeConditions(line)
        ? new LineSender(line, hashSeed(`${plan.scenario.name}#${options.callId}`) ^ line.seed)
        : null;
    this.listener = new Listener(options.vad, {
      onSpeechStarted: (s) => {
        this.speaking = true;
        this.lastOnsetSample = s;
        this.log({ type: 'agent_speech_started', tMs: s / SAMPLES_PER_MS });
      },
      onSpeechEnded: (s) => {
        this.speaking = false;
        this.lastEndSample = s;
        this.log({ type: 'agent_speech_ended', tMs: s / SAMPLES_PER_MS });
      },
    });
    this.heardAudio = options.converse?.transcriber ? heardAudioTap(plan.scenario) : null;
    const converse = conversationStarter({
      scenario: plan.scenario,
      prepared: plan.converse,
      options: options.converse,
      host: this,
      agentUrl: options.url,
      callSid: this.callSid,
      callId: options.callId,
      lastCallerVoiceEndMs: () => this.lastCallerVoiceEndMs,
      events: () => this.events,
      heardAudio: this.heardAudio,
    });
    this.script = new TurnScript(plan.scenario.turns, plan.audio, this, converse);
  }

  get agent(): AgentHearing {
    return this;
  }

  run(): Promise<CallResult> {
    return new Promise<CallResult>((resolve) => {
      this.settle = resolve;
      if (this.options.signal?.aborted)
        return this.finish('aborted', 'interrupted before the call started', 'harness');
      this.options.signal?.addEventListener('abort', this.onAbort, { once: true });
      this.connect();
    });
  }

  // ---- connection -------------------------------------------------------------------------

  private connect(): void {
    const dialedAt = performance.now();
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.options.url, {
        ...CALLER_SOCKET_OPTIONS,
        handshakeTimeout: this.options.connectTimeoutMs ?? 10_000,
        ...(this.options.upgradeHeaders ? { headers: this.options.upgradeHeaders } : {}),
      });
    } catch (err) {
      return this.finish(
        'error',
        `cannot dial ${this.options.url}: ${errorMessage(err)}`,
        'harness',
      );
    }
    this.ws = ws;
    ws.on('open', () => this.onOpen(dialedAt));
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('unexpected-response', (_req, res) => {
      // Twilio 31920: the WebSocket upgrade was answered with something other than 101.
      this.finish(
        'error',
        `agent refused the WebSocket upgrade: HTTP ${res.statusCode} (Twilio error 31920)`,
        'harness',
      );
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err) => {
      if (!this.opened)
        this.finish(
          'error',
          `cannot connect to ${this.options.url}: ${errorMessage(err)}`,
          'harness',
        );
      else
        this.log({
          type: 'call_error',
          tMs: this.nowMs(),
          message: `WebSocket error: ${errorMessage(err)}`,
        });
    });
    ws.on('close', (code, reason) => this.onClose(code, reason.toString()));
  }

  private onOpen(dialedAt: number): void {
    if (this.finished) return;
    const streamOpenAt = performance.now();
    // With TwiML audio before the stream, the call began that long before the stream was dialled.
    this.openedAt = this.preStreamMs > 0 ? dialedAt - this.preStreamMs : streamOpenAt;
    this.opened = true;
    this.send(encodeConnected());
    this.send(
      encodeStart({
        sequenceNumber: ++this.seq,
        accountSid: this.accountSid,
        callSid: this.callSid,
        streamSid: this.streamSid,
        customParameters: this.plan.scenario.parameters,
      }),
    );
    this.registration = this.options.scheduler.register(
      this,
      streamOpenAt + FIRST_MEDIA_MIN_MS + 20,
    );
    const firstFrameStartMs = this.registration.firstDueMs - 20 - this.openedAt;
    this.gridOffsetSamples = Math.round(firstFrameStartMs * SAMPLES_PER_MS);
    // media.timestamp counts from the stream's start, whatever played before it.
    this.firstTimestampMs = Math.round(this.registration.firstDueMs - 20 - streamOpenAt);
    const streamOpenedMs = round3(streamOpenAt - this.openedAt);
    if (this.preStreamMs > 0)
      this.recordingLeadFrames = Math.ceil(this.gridOffsetSamples / FRAME_SAMPLES);
    this.events.push({
      type: 'call_started',
      tMs: 0,
      url: this.options.url,
      callSid: this.callSid,
      streamSid: this.streamSid,
      connectMs: round3(streamOpenAt - dialedAt),
      firstMediaMs: round3(firstFrameStartMs),
      ...(this.preStreamMs > 0
        ? {
            streamOpenedMs,
            recordingStartMs:
              (this.gridOffsetSamples - this.recordingLeadFrames * FRAME_SAMPLES) / SAMPLES_PER_MS,
          }
        : {}),
    });
    this.options.onStream?.('started', streamOpenedMs, this.streamSid);
    // Frame 0 is line noise; the script starts at the first tick, deciding frame 1, so that
    // every decision it takes is taken at the frame boundary it concerns.
  }

  private onClose(code: number, reason: string): void {
    if (this.finished) return;
    if (!this.opened)
      return this.finish(
        'error',
        `the agent closed the connection before it opened (code ${code})`,
        'harness',
      );
    this.log({ type: 'ws_closed', tMs: this.nowMs(), code, reason, by: 'agent' });
    const problem = agentHangupProblem(this.plan.scenario.turns, this.script.position);
    this.finish(problem === null ? 'passed' : 'failed', problem, 'agent');
  }

  private readonly onAbort = (): void => {
    if (this.finished) return;
    this.hangupSocket();
    this.finish('aborted', 'interrupted', 'harness');
  };

  // ---- what the agent sends ---------------------------------------------------------------

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.finished) return;
    const atMs = this.nowMs();
    const parsed = parseAgentMessage(data, isBinary, this.streamSid);
    if (!parsed.ok)
      return this.violation(
        parsed.violation.code,
        parsed.violation.message,
        parsed.violation.twilioCode,
        atMs,
      );
    for (const w of parsed.warnings) this.violation(w.code, w.message, w.twilioCode, atMs);
    const msg = parsed.message;
    const nowSample = Math.round(atMs * SAMPLES_PER_MS);
    switch (msg.event) {
      case 'media': {
        const payload = parsed.payload ?? new Uint8Array(0);
        this.bytesReceived += payload.length;
        if (!this.mediaSinceCallerSpoke || atMs - this.lastMediaAtMs >= MEDIA_BURST_GAP_MS) {
          this.log({ type: 'agent_media_started', tMs: atMs, bytes: payload.length });
          this.mediaSinceCallerSpoke = true;
        }
        this.lastMediaAtMs = atMs;
        const { startSample, droppedBytes } = this.playback.enqueue(payload, nowSample);
        if (droppedBytes > 0) {
          if (this.repeated.admit('playback_overflow'))
            this.log({ type: 'playback_overflow', tMs: atMs, droppedBytes });
          this.violation(
            'playback_overflow',
            'more than 10 minutes of audio queued; further media dropped (Twilio warning 31931)',
            31931,
            atMs,
          );
        } else if (!this.playing && payload.length > 0) {
          this.playing = true;
          this.log({ type: 'playback_started', tMs: startSample / SAMPLES_PER_MS });
        }
        return;
      }
      case 'mark': {
        this.log({ type: 'mark_received', tMs: atMs, name: msg.mark.name });
        if (this.playback.mark(msg.mark.name, nowSample)) this.echoMark(msg.mark.name, atMs, false);
        return;
      }
      case 'clear': {
        const { flushedSamples, echoedMarks } = this.playback.clear(nowSample);
        this.log({ type: 'clear_received', tMs: atMs, flushedMs: flushedSamples / SAMPLES_PER_MS });
        if (this.playing && flushedSamples > 0) {
          this.playing = false;
          this.log({ type: 'playback_ended', tMs: atMs, reason: 'cleared' });
        }
        for (const name of echoedMarks) this.echoMark(name, atMs, true);
        return;
      }
    }
  }

  private echoMark(name: string, atMs: number, cleared: boolean): void {
    this.send(encodeMark({ sequenceNumber: ++this.seq, streamSid: this.streamSid, name }));
    this.log({ type: 'mark_echoed', tMs: atMs, name, cleared });
  }

  private violation(
    code: ViolationCode,
    message: string,
    twilioCode: number | null,
    atMs: number,
  ): void {
    const n = (this.violationCounts[code] ?? 0) + 1;
    this.violationCounts[code] = n;
    // Like Twilio's warnings, each kind is logged once per stream; the counts total them all.
    if (n === 1) this.log({ type: 'violation', tMs: atMs, code, message, twilioCode });
  }

  // ---- every 20 ms ------------------------------------------------------------------------

  onFrame(dueMs: number, nowMs: number): void {
    if (this.finished) return;
    if (nowMs - dueMs > LATE_FRAME_MS) this.framesLate++;
    const k = this.frameIndex++;
    const frameStart = this.gridOffsetSamples + k * FRAME_SAMPLES;
    let payload = this.callerFrame(k);
    if (this.line) {
      const { impaired, due } = this.line.send(k, payload);
      payload = impaired;
      for (const f of due) this.sendFrame(f.index, f.payload);
    } else this.sendFrame(k, payload);

    // Hear the stretch that has just finished playing, then release marks and note a drained buffer.
    const nowSample = Math.round((nowMs - this.openedAt) * SAMPLES_PER_MS);
    if (k === 0) this.hearBeforeFirstFrame();
    const hadAudio = this.playback.read(frameStart, this.heard);
    this.listener.pushFrame(frameStart, this.heard, hadAudio);
    this.line?.played(this.heard);
    this.options.onFrames?.(k + this.recordingLeadFrames, payload, this.heard);
    this.heardAudio?.push(k, this.heard);
    for (const m of this.playback.takeDueMarks(nowSample))
      this.echoMark(m.name, nowMs - this.openedAt, false);
    // An empty buffer for a moment is an underrun (a paced agent's chunk came late), not the end
    // of playback: playback has ended once the buffer has stayed empty for UNDERRUN_GRACE_MS.
    if (
      this.playing &&
      nowSample - this.playback.tailSample >= UNDERRUN_GRACE_MS * SAMPLES_PER_MS
    ) {
      this.playing = false;
      this.log({
        type: 'playback_ended',
        tMs: this.playback.tailSample / SAMPLES_PER_MS,
        reason: 'drained',
      });
    }

    if (nowSample >= this.plan.scenario.maxDurationMs * SAMPLES_PER_MS) {
      this.hangupSocket();
      return this.finish(
        'failed',
        `the call passed max_duration_ms (${this.plan.scenario.maxDurationMs} ms)`,
        'harness',
      );
    }
    if (this.finished) return;
    this.script.step(frameStart + FRAME_SAMPLES, nowSample);
  }

  /**
   * What played between the stream opening and frame 0 (the first 100–120 ms): an agent that greets
   * at once is heard from its first sample, on the same 20 ms grid, so no greeting is cut short.
   * (The recording, aligned to frame 0, still starts there.)
   */
  private hearBeforeFirstFrame(): void {
    const preFrames = Math.ceil(this.gridOffsetSamples / FRAME_SAMPLES);
    for (let j = preFrames; j >= 1; j--) {
      const start = this.gridOffsetSamples - j * FRAME_SAMPLES;
      this.listener.pushFrame(start, this.heard, this.playback.read(start, this.heard));
      // TwiML audio before the stream is recorded too (the caller said nothing the agent could hear).
      if (this.recordingLeadFrames > 0)
        this.options.onFrames?.(preFrames - j, this.bed.framesB64[0], this.heard);
    }
  }

  /** The payload of frame k: the utterance being spoken, or line noise. */
  private callerFrame(k: number): string {
    const src = this.source;
    if (src) {
      const i = k - src.startFrame;
      if (i >= 0 && i < src.frames.length) {
        if (k === src.voiceStartFrame) this.onCallerVoiceStart(src);
        if (k === src.voiceEndFrame) this.onCallerVoiceEnd(src);
        return src.frames[i];
      }
      this.source = null;
    }
    return this.bed.framesB64[k % this.bed.framesB64.length];
  }

  private onCallerVoiceStart(src: SpeechSource): void {
    this.log({ type: 'caller_speech_started', tMs: src.voiceStartMs, turn: src.turn });
    if (src.interrupt) {
      this.log({
        type: 'interrupt_started',
        tMs: src.voiceStartMs,
        turn: src.turn,
        agentOnsetMs: src.interrupt.agentOnsetSample / SAMPLES_PER_MS,
        afterMs: src.interrupt.afterMs,
      });
    }
  }

  private onCallerVoiceEnd(src: SpeechSource): void {
    this.log({ type: 'caller_speech_ended', tMs: src.voiceEndMs, turn: src.turn });
    this.lastCallerVoiceEndMs = src.voiceEndMs;
    this.mediaSinceCallerSpoke = false;
  }

  // ---- CallControl (used by the turn script) ----------------------------------------------

  speak(
    whole: PreparedUtterance,
    turn: number,
    startSample: number,
    interrupt: InterruptTiming | null,
    trimSamples = 0,
  ): { endSample: number; voiceEndSample: number } {
    const utterance = trimSamples > 0 ? trimLeadSamples(whole, trimSamples) : whole;
    const startFrame = Math.round((startSample - this.gridOffsetSamples) / FRAME_SAMPLES);
    const endSample = startSample + utterance.framesB64.length * FRAME_SAMPLES;
    const v = utterance.voiced;
    this.source = {
      frames: utterance.framesB64,
      startFrame,
      turn,
      voiceStartFrame: v ? startFrame + Math.floor(v.startSample / FRAME_SAMPLES) : -1,
      voiceEndFrame: v ? startFrame + Math.floor((v.endSample - 1) / FRAME_SAMPLES) : -1,
      voiceStartMs: v ? (startSample + v.startSample) / SAMPLES_PER_MS : 0,
      voiceEndMs: v ? (startSample + v.endSample) / SAMPLES_PER_MS : 0,
      interrupt,
    };
    return { endSample, voiceEndSample: v ? startSample + v.endSample : endSample };
  }

  sendDtmf(digit: string, turn: number, atSample: number): void {
    this.send(encodeDtmf({ sequenceNumber: ++this.seq, streamSid: this.streamSid, digit }));
    this.log({ type: 'dtmf_sent', tMs: atSample / SAMPLES_PER_MS, turn, digit });
    this.mediaSinceCallerSpoke = false;
  }

  log(event: CallEvent): void {
    this.events.push(event);
  }

  queuedSamples(nowSample: number): number {
    return Math.max(0, this.playback.tailSample - nowSample);
  }

  hangup(): void {
    if (this.finished) return;
    this.hangupSocket();
    this.finish('passed', null, 'caller');
  }

  // ---- ending -----------------------------------------------------------------------------

  /** Twilio sends `stop` and then closes the socket. */
  private hangupSocket(): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    for (const f of this.line?.flush() ?? []) this.sendFrame(f.index, f.payload);
    this.send(
      encodeStop({
        sequenceNumber: ++this.seq,
        streamSid: this.streamSid,
        accountSid: this.accountSid,
        callSid: this.callSid,
      }),
    );
    this.log({ type: 'stop_sent', tMs: this.nowMs() });
    ws.close(1000, 'call ended');
    this.log({
      type: 'ws_closed',
      tMs: this.nowMs(),
      code: 1000,
      reason: 'call ended',
      by: 'caller',
    });
  }

  private finish(
    status: CallStatus,
    reason: string | null,
    endedBy: 'caller' | 'agent' | 'harness',
  ): void {
    if (this.finished) return;
    this.finished = true;
    this.registration?.cancel();
    this.script.dispose();
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.listener.flush();
    this.endedBy = endedBy;
    this.status = status;
    this.reason = reason;
    if (status === 'passed') this.applyFailureRules();
    const tMs = this.opened ? this.nowMs() : 0;
    if (this.opened) this.options.onStream?.('stopped', tMs, this.streamSid);
    this.events.push({
      type: 'call_ended',
      tMs,
      status: this.status,
      reason: this.reason,
      endedBy: this.endedBy,
      violationCounts: this.violationCounts,
      framesSent: this.frameIndex,
      ...(this.line ? { framesLost: this.line.lostFrames } : {}),
      bytesReceived: this.bytesReceived,
      framesLate5ms: this.framesLate,
      ...suppressedField(this.repeated.suppressed()),
    });
    this.events.sort((a, b) => a.tMs - b.tMs);
    void this.closeSocket().then(() =>
      this.settle({
        callId: this.options.callId,
        scenario: this.plan.scenario.name,
        file: this.plan.scenario.file,
        callSid: this.callSid,
        streamSid: this.streamSid,
        status: this.status,
        reason: this.reason,
        mediaUrl: this.options.url,
        events: this.events,
      }),
    );
  }

  /**
   * Resolves once the socket is closed, so `stop` and anything before it reach the agent before
   * the call counts as over; an agent that does not complete the close handshake is cut off.
   */
  private closeSocket(): Promise<void> {
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    if (ws.readyState !== WebSocket.CLOSING) ws.terminate();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, CLOSE_HANDSHAKE_MS);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** A call that ran its script still fails when the agent broke protocol or did not answer. */
  private applyFailureRules(): void {
    const violations = Object.entries(this.violationCounts);
    const timeouts = this.events.filter((e) => e.type === 'reply_timeout');
    if (violations.length > 0) {
      this.status = 'failed';
      this.reason = `protocol violations: ${violations.map(([c, n]) => `${c} ×${n}`).join(', ')}`;
    } else if (timeouts.length > 0) {
      this.status = 'failed';
      this.reason = `no reply from the agent after turn ${timeouts.map((e) => (e.type === 'reply_timeout' ? e.turn + 1 : 0)).join(', ')}`;
    } else {
      const failure = selfInterruptionFailure(this.events) ?? conversationFailure(this.events);
      if (failure !== null) {
        this.status = 'failed';
        this.reason = failure;
      }
    }
  }

  private sendFrame(k: number, payload: string): void {
    this.send(this.sendMedia(++this.seq, k + 1, this.firstTimestampMs + k * 20, payload));
  }

  private send(text: string): void {
    const ws = this.ws;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(text);
  }

  private nowMs(): number {
    return this.opened ? round3(performance.now() - this.openedAt) : 0;
  }
}

function suppressedField(suppressed: Record<string, number>): {
  suppressedEvents?: Record<string, number>;
} {
  return Object.keys(suppressed).length ? { suppressedEvents: suppressed } : {};
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
