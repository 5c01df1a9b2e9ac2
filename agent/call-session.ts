/**
 * One phone call through the reference agent:
 *   inbound mu-law → STT stream → end of turn → brain (text, tools) → TTS by sentence →
 *   outbound media + a mark per utterance.
 * The session learns what the caller heard from mark echoes. When the caller starts speaking
 * while agent audio is still playing, it sends `clear` at once, aborts the brain and TTS, and
 * tells the brain what was actually heard. DTMF keys are input (`#` submits). A silent caller
 * is re-prompted by the brain, which ends the call politely in the end. A provider failure
 * makes the agent say a fallback line and go on; nothing here can take down another call.
 */
import { mishearLastDigit, type Fault } from './faults.ts';
import type { WebSocket } from 'ws';
import { parseTwilioMessage } from '../src/twilio/parse-twilio.ts';
import type { StartMessage } from '../src/twilio/types.ts';
import type { CallRecord, CallRegistry, TurnTiming } from './call-registry.ts';
import { isProviderError } from './providers/errors.ts';
import {
  timedBrain,
  timedStt,
  timedTts,
  type ProviderMetric,
  type TimedSttProvider,
} from './providers/metrics.ts';
import type {
  Brain,
  BrainOutput,
  Heard,
  SttContext,
  SttEvent,
  SttProvider,
  SttStream,
  TtsProvider,
} from './providers/types.ts';
import { Speaker } from './speaker.ts';
import { EchoGuard } from './echo-guard.ts';
import { AudioClock } from './providers/audio-clock.ts';

export interface SessionOptions {
  /** Silence after the agent finished speaking before the brain is told (it re-prompts). */
  silenceTimeoutMs: number;
  /** Keys typed without `#` are submitted after this long. */
  dtmfTimeoutMs: number;
  /** Said when a provider fails mid-call. */
  fallbackLine: string;
  /** The whole call is ended after this long. */
  maxCallMs: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = {
  silenceTimeoutMs: 7000,
  dtmfTimeoutMs: 4000,
  fallbackLine: "Sorry, I'm having trouble on my end. Could you say that again?",
  maxCallMs: 15 * 60_000,
};

export interface SessionDeps {
  stt: SttProvider;
  tts: TtsProvider;
  /** Used for the fallback line when `tts` itself failed. */
  fallbackTts: TtsProvider;
  brain: Brain;
  registry: CallRegistry;
  options?: Partial<SessionOptions>;
  log?: (message: string) => void;
  /** Deliberate faults (agent/faults.ts): mishear-digit and ignore-barge-in act here. */
  faults?: readonly Fault[];
}

interface Reply {
  abort: AbortController;
  done: Promise<void>;
  turn: TurnTiming;
  /** This reply's TTS, measured (providers/metrics.ts) into its turn's stage timings. */
  tts: TtsProvider;
  fallbackTts: TtsProvider;
  firstAudioSent: boolean;
}

/** Runs the call on `ws` until it ends; resolves after cleanup. Never rejects. */
export function runCallSession(ws: WebSocket, deps: SessionDeps): Promise<void> {
  return new CallSession(ws, deps).run();
}

class CallSession {
  /** mishear-digit fault: only the first caller turn with a digit is misheard. */
  private misheard = false;
  private readonly options: SessionOptions;
  /** The caller's inbound audio as the agent's clock (it arrives in real time), for the echo guard. */
  private readonly inboundClock = new AudioClock();
  /** Keeps the agent's own voice, echoed back by a speakerphone, out of the recognizer (none under the barge-in-on-echo fault). */
  private echoGuard: EchoGuard | null = null;
  private readonly callAbort = new AbortController();
  /** The recognizer, measured: its stt_final metric gives when the caller stopped speaking. */
  private readonly sttProvider: TimedSttProvider;
  /** Wall time the caller's speech ended, for the final the recognizer is about to pass on. */
  private finalSpeechEndWall = NaN;
  private startedAtMs = performance.now();
  private streamSid = '';
  private record: CallRecord | null = null;
  private speaker: Speaker | null = null;
  private stt: SttStream | null = null;
  private pendingFrames: Uint8Array[] = [];
  /** The latest expectation from the brain (kept for a recognizer that opens after it was set). */
  private expectation: SttContext | null = null;
  private reply: Reply | null = null;
  private turnCount = 0;
  private dtmf = '';
  private dtmfTimer: NodeJS.Timeout | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  private maxTimer: NodeJS.Timeout | null = null;
  private ending = false;
  private finished: () => void = () => {};

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: SessionDeps,
  ) {
    this.options = { ...DEFAULT_SESSION_OPTIONS, ...deps.options };
    if (!this.hasFault('barge-in-on-echo')) this.echoGuard = new EchoGuard();
    this.sttProvider = timedStt(deps.stt, (m) => {
      if (m.kind === 'stt_final')
        this.finalSpeechEndWall = performance.now() - m.finalAfterSpeechEndMs;
    });
  }

  run(): Promise<void> {
    const done = new Promise<void>((resolve) => (this.finished = resolve));
    this.ws.on('message', (data, isBinary) =>
      this.safely(() => this.onMessage(data as Buffer, isBinary)),
    );
    this.ws.on('close', () => void this.cleanup('caller hung up'));
    this.ws.on('error', (err) => this.error(`socket error: ${err.message}`));
    return done;
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    const parsed = parseTwilioMessage(data, isBinary, this.streamSid || undefined);
    if (!parsed.ok) return this.error(`ignored a message from Twilio: ${parsed.violation.message}`);
    const msg = parsed.message;
    switch (msg.event) {
      case 'connected':
        return;
      case 'start':
        return void this.onStart(msg);
      case 'media': {
        if (!parsed.payload) return;
        const endMs = this.inboundClock.frameArrived(performance.now(), parsed.payload.length / 8);
        const frame = this.echoGuard
          ? this.echoGuard.filter(parsed.payload, endMs)
          : parsed.payload;
        if (this.stt) this.stt.push(frame);
        else this.pendingFrames.push(frame);
        return;
      }
      case 'dtmf':
        return this.onDtmf(msg.dtmf.digit);
      case 'mark':
        this.speaker?.onMark(msg.mark.name);
        if (this.speaker && !this.speaker.audible) this.armSilenceTimer();
        return;
      case 'stop':
        return void this.cleanup('caller hung up');
    }
  }

  // ---- call start -------------------------------------------------------------------------

  private async onStart(msg: StartMessage): Promise<void> {
    this.startedAtMs = performance.now();
    this.streamSid = msg.streamSid;
    this.speaker = new Speaker((t) => this.send(t), msg.streamSid);
    this.record = this.deps.registry.open({
      callSid: msg.start.callSid,
      streamSid: msg.streamSid,
      startedAt: new Date().toISOString(),
      endedAt: null,
      parameters: msg.start.customParameters,
      providers: { stt: this.deps.stt.name, brain: this.deps.brain.name, tts: this.deps.tts.name },
      dialog: { expectation: null },
      heard: [],
      toolCalls: [],
      turns: [],
      bargeIns: [],
      errors: [],
      endReason: null,
    });
    this.maxTimer = setTimeout(
      () => void this.endCall('the call reached its maximum length'),
      this.options.maxCallMs,
    );
    // Greet while the recognizer opens: the caller hears the agent as soon as possible.
    this.startReply((brain) => brain.greet(this.callAbort.signal), 'greeting', '', NaN);
    try {
      this.stt = await this.sttProvider.open({ expectation: 'free' }, this.callAbort.signal);
    } catch (err) {
      if (this.callAbort.signal.aborted) return;
      this.error(`speech recognizer failed to open: ${describe(err)}`);
      return void this.endCall('speech recognition unavailable');
    }
    // The greeting may already have said what it expects while the recognizer was opening.
    if (this.expectation) this.stt.setContext(this.expectation);
    for (const f of this.pendingFrames) this.stt.push(f);
    this.pendingFrames = [];
    void this.consumeStt(this.stt);
  }

  // ---- what the caller says ---------------------------------------------------------------

  private async consumeStt(stt: SttStream): Promise<void> {
    try {
      for await (const event of stt.events) this.safely(() => this.onSttEvent(event));
    } catch (err) {
      if (!this.callAbort.signal.aborted) this.error(`speech recognizer failed: ${describe(err)}`);
    }
  }

  private onSttEvent(e: SttEvent): void {
    const atMs = this.callMs();
    switch (e.type) {
      case 'speech_started':
        this.clearSilenceTimer();
        if (this.speaker?.audible && !this.hasFault('ignore-barge-in')) this.bargeIn();
        return;
      case 'partial':
        if (e.text) this.record?.heard.push({ type: 'partial', text: e.text, atMs });
        return;
      case 'final': {
        this.record?.heard.push({ type: 'final', text: e.text, atMs });
        // Measured by the STT wrapper just before it passed this final on (NaN if it could not tell).
        const speechEndWall = this.finalSpeechEndWall;
        this.finalSpeechEndWall = NaN;
        if (!e.endOfTurn) return;
        this.respondTo({ text: e.text, source: 'speech' }, speechEndWall);
        return;
      }
      case 'error':
        this.error(`speech recognizer: ${e.message}`);
        if (e.fatal) void this.endCall('speech recognition failed');
        return;
    }
  }

  private onDtmf(digit: string): void {
    this.clearSilenceTimer();
    if (this.speaker?.audible && !this.hasFault('ignore-barge-in')) this.bargeIn();
    if (this.dtmfTimer) clearTimeout(this.dtmfTimer);
    if (digit === '#') return this.submitDtmf();
    this.dtmf += digit;
    this.dtmfTimer = setTimeout(
      () => this.safely(() => this.submitDtmf()),
      this.options.dtmfTimeoutMs,
    );
  }

  private submitDtmf(): void {
    if (this.dtmfTimer) clearTimeout(this.dtmfTimer);
    this.dtmfTimer = null;
    const digits = this.dtmf;
    this.dtmf = '';
    this.record?.heard.push({ type: 'dtmf', text: digits, atMs: this.callMs() });
    this.respondTo({ text: digits, source: 'dtmf' }, performance.now());
  }

  private respondTo(heard: Heard, speechEndWall: number): void {
    if (this.ending) return;
    if (this.hasFault('mishear-digit') && !this.misheard) {
      const wrong = mishearLastDigit(heard.text);
      if (wrong !== null) {
        this.misheard = true;
        heard = { ...heard, text: wrong };
      }
    }
    if (this.hasFault('ignore-barge-in')) {
      // The faulty agent lets what it was saying play out: a new reply only queues after it.
      this.reply?.abort.abort();
      this.reply = null;
    } else if (this.reply || this.speaker?.audible) {
      // A new turn supersedes a reply still being generated or played.
      this.bargeIn();
    }
    this.startReply(
      (brain) => brain.respond(heard, this.callAbort.signal),
      heard.source,
      heard.text,
      speechEndWall,
    );
  }

  private bargeIn(): void {
    const speaker = this.speaker;
    if (!speaker) return;
    const { heardText, flushed } = speaker.clear();
    this.echoGuard?.cleared(this.inboundClock.receivedAudioMs);
    const reply = this.reply;
    if (reply) {
      reply.abort.abort();
      this.reply = null;
    }
    if (flushed || reply) {
      // The reply cut short may be fully generated and only still playing.
      const turn = reply?.turn ?? this.record?.turns.at(-1);
      if (turn) {
        turn.interrupted = true;
        turn.replyHeard = heardText;
      }
      this.deps.brain.interrupted(heardText);
      this.record?.bargeIns.push({ atMs: this.callMs(), heardText });
    }
  }

  // ---- what the agent says ----------------------------------------------------------------

  /**
   * Starts a reply: `ask` gets the brain, and the brain and TTS are wrapped for this reply so their
   * measurements (time to first text, time to first audio) land in its turn's stage timings.
   */
  private startReply(
    ask: (brain: Brain) => AsyncIterable<BrainOutput>,
    source: TurnTiming['source'],
    heardText: string,
    speechEndWall: number,
  ): void {
    const abort = new AbortController();
    const onCallAbort = () => abort.abort();
    this.callAbort.signal.addEventListener('abort', onCallAbort, { once: true });
    const turn: TurnTiming = {
      turn: this.turnCount++,
      atMs: this.callMs(),
      heard: heardText,
      source,
      reply: '',
      replyHeard: null,
      stt_final_ms: Number.isFinite(speechEndWall)
        ? round1(performance.now() - speechEndWall)
        : null,
      brain_first_text_ms: null,
      tts_first_audio_ms: null,
      response_ms: null,
      interrupted: false,
    };
    this.record?.turns.push(turn);
    this.clearSilenceTimer();
    this.speaker?.beginReply();
    const measured = (m: ProviderMetric): void => recordStage(turn, m);
    const reply: Reply = {
      abort,
      turn,
      done: Promise.resolve(),
      tts: timedTts(this.deps.tts, measured),
      fallbackTts: timedTts(this.deps.fallbackTts, measured),
      firstAudioSent: false,
    };
    const outputs = ask(timedBrain(this.deps.brain, measured));
    reply.done = this.speakReply(outputs, reply, speechEndWall).finally(() => {
      this.callAbort.signal.removeEventListener('abort', onCallAbort);
      if (this.reply === reply) this.reply = null;
    });
    this.reply = reply;
  }

  private async speakReply(
    outputs: AsyncIterable<BrainOutput>,
    reply: Reply,
    speechEndWall: number,
  ): Promise<void> {
    const signal = reply.abort.signal;
    let end: { kind: 'hangup' | 'transfer'; reason: string } | null = null;
    const say = async (sentence: string): Promise<void> => {
      reply.turn.reply += (reply.turn.reply ? ' ' : '') + sentence;
      await this.speakSentence(sentence, reply, speechEndWall, signal);
    };
    try {
      for await (const out of outputs) {
        if (signal.aborted) return;
        switch (out.type) {
          case 'text':
            // Brains hand over speakable pieces (sentences or clauses), so each goes to TTS at once.
            if (out.text.trim()) await say(out.text.trim());
            break;
          case 'tool_call':
            this.record?.toolCalls.push(out.call);
            break;
          case 'expect':
            this.setExpectation(out.context);
            break;
          case 'hangup':
            end = { kind: 'hangup', reason: 'the agent ended the call' };
            break;
          case 'transfer':
            end = { kind: 'transfer', reason: `transferred to a human: ${out.reason}` };
            break;
        }
      }
    } catch (err) {
      if (signal.aborted || (isProviderError(err) && err.kind === 'aborted')) return;
      this.error(`reply failed: ${describe(err)}`);
      await this.sayFallback(reply, signal);
    }
    if (signal.aborted) return;
    if (end) {
      await this.speaker?.whenIdle();
      if (!signal.aborted) await this.endCall(end.reason);
    } else if (this.speaker && !this.speaker.audible) {
      this.armSilenceTimer();
    }
  }

  private async speakSentence(
    text: string,
    reply: Reply,
    speechEndWall: number,
    signal: AbortSignal,
    tts: TtsProvider = reply.tts,
  ): Promise<void> {
    const speaker = this.speaker;
    if (!speaker) return;
    const id = speaker.startUtterance(text);
    try {
      for await (const chunk of tts.synthesize(text, signal)) {
        if (signal.aborted) return;
        if (!reply.firstAudioSent) {
          // End to end (speech end → first audio sent): the session's own measure, not one provider's.
          reply.firstAudioSent = true;
          if (Number.isFinite(speechEndWall))
            reply.turn.response_ms = round1(performance.now() - speechEndWall);
        }
        this.echoGuard?.played(chunk, this.inboundClock.receivedAudioMs);
        speaker.sendAudio(id, chunk);
      }
    } finally {
      if (!signal.aborted) speaker.endUtterance(id);
    }
  }

  private async sayFallback(reply: Reply, signal: AbortSignal): Promise<void> {
    try {
      await this.speakSentence(this.options.fallbackLine, reply, NaN, signal, reply.fallbackTts);
    } catch (err) {
      this.error(`fallback line failed: ${describe(err)}`);
    }
  }

  private setExpectation(context: SttContext): void {
    this.expectation = context;
    if (this.record)
      this.record.dialog = {
        expectation: context.expectation,
        ...(context.choices ? { choices: context.choices } : {}),
      };
    this.stt?.setContext(context);
  }

  // ---- silence, ending --------------------------------------------------------------------

  private armSilenceTimer(): void {
    this.clearSilenceTimer();
    if (this.ending || this.reply) return;
    this.silenceTimer = setTimeout(
      () =>
        this.safely(() => {
          this.record?.heard.push({ type: 'silence_timeout', text: '', atMs: this.callMs() });
          this.startReply(
            (brain) =>
              brain.respond({ text: '', source: 'silence_timeout' }, this.callAbort.signal),
            'silence_timeout',
            '',
            NaN,
          );
        }),
      this.options.silenceTimeoutMs,
    );
  }

  private clearSilenceTimer(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
  }

  /** The agent ends the call: closing the stream ends a `<Connect><Stream>` call. */
  private async endCall(reason: string): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    this.ws.close(1000, reason.slice(0, 120));
    await this.cleanup(reason);
  }

  private async cleanup(reason: string): Promise<void> {
    if (this.callAbort.signal.aborted) return;
    this.ending = true;
    this.callAbort.abort();
    this.clearSilenceTimer();
    if (this.dtmfTimer) clearTimeout(this.dtmfTimer);
    if (this.maxTimer) clearTimeout(this.maxTimer);
    try {
      await this.stt?.close();
    } catch {
      // the call is over; a recognizer that fails to close has nothing left to tell us
    }
    if (this.record) this.deps.registry.close(this.record.callSid, reason);
    this.finished();
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private send(text: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(text);
  }

  private hasFault(fault: Fault): boolean {
    return this.deps.faults?.includes(fault) ?? false;
  }

  private callMs(): number {
    return round1(performance.now() - this.startedAtMs);
  }

  private error(message: string): void {
    this.record?.errors.push({ atMs: this.callMs(), message });
    this.deps.log?.(`[${this.record?.callSid ?? 'call'}] ${message}`);
  }

  /** One call's bug must not escape into the server (or another call). */
  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.error(`internal error: ${describe(err)}`);
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A provider's measurement of a reply, into its turn's stage timings: the first of each counts. */
function recordStage(turn: TurnTiming, m: ProviderMetric): void {
  if (m.kind === 'brain' && m.firstTextMs !== undefined && turn.brain_first_text_ms === null)
    turn.brain_first_text_ms = round1(m.firstTextMs);
  if (m.kind === 'tts' && m.ttfbMs !== undefined && turn.tts_first_audio_ms === null)
    turn.tts_first_audio_ms = round1(m.ttfbMs);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
