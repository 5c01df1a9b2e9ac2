/**
 * The caller side of the load benchmark: dials `calls` simulated calls (the full caller: pacing,
 * playback model, VAD listener, turn script, events) against a sink agent on one shared
 * scheduler, and measures the generator itself: frame send lateness (every frame), event-loop
 * delay, and CPU. Used in-process and, for several threads, from load-generator-worker.ts.
 *
 * `goal`: the calls are goal-driven (rules policy) instead of scripted: the caller hears each
 * reply's words on the sink's side channel, decides its answer from the rules table and the
 * facts, and speaks it (synthesized on first use by the thread's flite worker, then read from the
 * TTS cache), as `callbench load` runs such calls.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { loadVad } from '../src/audio/vad.ts';
import { runCall, type CallResult } from '../src/caller/call.ts';
import { prepareScenario } from '../src/caller/prepare.ts';
import { FrameScheduler } from '../src/caller/scheduler.ts';
import { FliteTts } from '../src/speech/flite.ts';
import { DEFAULT_CALLER, type Scenario, type Turn } from '../src/scenario/types.ts';
import { parseScenario } from '../src/scenario/parse-scenario.ts';
import { ThreadLineSpeech } from '../src/caller/converse/thread-line-speech.ts';

export interface LoadOptions {
  url: string;
  calls: number;
  seconds: number;
  dialRatePerSec: number;
  ttsCacheDir: string;
  /** Goal-driven (rules policy) callers instead of scripted ones. */
  goal?: boolean;
}

export interface GeneratorReport {
  calls: number;
  statuses: Record<string, number>;
  /** Lateness of every frame sent, µs, HDR-encoded (mergeable across threads). */
  latenessHistogram: string;
  eventLoopDelayP99Ms: number;
  eventLoopUtilization: number;
  framesSent: number;
  framesLate5ms: number;
  /** Median over calls of (wall duration / audio sent): 1.0 means no drift. */
  medianWallPerAudio: number;
  wallMs: number;
  /** The process's CPU from the first dial to the last call's end (setup excluded), ms. */
  callsCpuMs: number;
  /** Times the callers started speaking (goal-driven: lines decided during the call), over all calls. */
  callerLines: number;
}

const at = { file: 'bench', line: 0, column: 0 };

function benchScenario(seconds: number): Scenario {
  const turns: Turn[] = [];
  for (let t = 0; t < seconds; t += 5) {
    turns.push({
      kind: 'listen',
      wait: { timeoutMs: 6000, endSilenceMs: 400, expectReply: true },
      at,
    });
    turns.push({
      kind: 'say',
      utterance: {
        kind: 'text',
        text: 'I would like to check on my order please',
        voice: { voice: 'kal', rate: 1.2 },
      },
      wait: { timeoutMs: 1, endSilenceMs: 100, expectReply: false },
      at,
    });
  }
  turns.push({ kind: 'hangup', at });
  return {
    name: 'bench',
    file: 'bench.yaml',
    caller: { ...DEFAULT_CALLER, lineNoiseDbfs: -60 },
    parameters: {},
    maxDurationMs: (seconds + 30) * 1000,
    turns,
  };
}

/** A goal-driven caller for the sink's goal mode: an order-status call, answered from facts. */
function benchGoalScenario(seconds: number): Scenario {
  const source = [
    'name: bench-goal',
    'caller:',
    '  voice: kal',
    '  rate: 1.2',
    '  line_noise_dbfs: -60',
    '  goal: "find out when my order will arrive"',
    '  facts: { order_id: AB3792, phone: "4155550134", date_of_birth: 1985-03-15, name: "Dana Lee" }',
    '  hearing: side_channel',
    '  persona: { patience: high }',
    '  max_turns: 100',
    `max_duration_ms: ${(seconds + 30) * 1000}`,
    '',
  ].join('\n');
  const parsed = parseScenario(source, 'bench-goal.yaml');
  if (!parsed.scenario)
    throw new Error(`bench-goal.yaml: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return parsed.scenario;
}

export async function runLoad(opts: LoadOptions): Promise<GeneratorReport> {
  const vadFactory = await loadVad();
  const tts = await FliteTts.create();
  const scenario = opts.goal ? benchGoalScenario(opts.seconds) : benchScenario(opts.seconds);
  const plan = await prepareScenario(scenario, {
    vadFactory,
    getTts: async () => tts,
    ttsCacheDir: opts.ttsCacheDir,
  });
  await tts.close();
  // Goal-driven calls speak lines decided mid-call: one synthesizer for the thread, as in load.
  const lineSpeech = new ThreadLineSpeech(vadFactory);
  const converse = opts.goal ? await lineSpeech.options(opts.ttsCacheDir) : undefined;

  const scheduler = new FrameScheduler();
  const lateness = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 2,
  });
  scheduler.observeLateness((ms) => lateness.recordValue(Math.max(1, Math.round(ms * 1000))));
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const elu0 = performance.eventLoopUtilization();
  const started = performance.now();
  const cpu0 = process.cpuUsage();

  const results: Promise<CallResult>[] = [];
  for (let i = 0; i < opts.calls; i++) {
    const dialAt = started + (i * 1000) / opts.dialRatePerSec;
    const wait = dialAt - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const vad = vadFactory.create();
    results.push(
      runCall(plan, {
        url: opts.url,
        scheduler,
        vad,
        callId: `bench-${i}`,
        ...(converse ? { converse } : {}),
      }).finally(() => vad.dispose()),
    );
  }
  const done = await Promise.all(results);
  eld.disable();
  const cpu = process.cpuUsage(cpu0);
  await lineSpeech.close();
  const elu = performance.eventLoopUtilization(elu0);

  const statuses: Record<string, number> = {};
  let framesSent = 0;
  let framesLate = 0;
  let callerLines = 0;
  const drift: number[] = [];
  for (const r of done) {
    const label = r.status === 'passed' ? 'passed' : `${r.status}: ${r.reason}`;
    statuses[label] = (statuses[label] ?? 0) + 1;
    callerLines += r.events.filter((e) => e.type === 'caller_speech_started').length;
    const end = r.events.find((e) => e.type === 'call_ended');
    const start = r.events.find((e) => e.type === 'call_started');
    if (end?.type === 'call_ended' && start?.type === 'call_started') {
      framesSent += end.framesSent;
      framesLate += end.framesLate5ms;
      // Audio sent ends at firstMediaMs + 20 ms × frames; the call's wall clock should match it.
      const audioMs = start.firstMediaMs + end.framesSent * 20;
      if (end.framesSent > 0) drift.push(end.tMs / audioMs);
    }
  }
  drift.sort((a, b) => a - b);
  return {
    calls: opts.calls,
    statuses,
    latenessHistogram: hdr.encodeIntoCompressedBase64(lateness),
    eventLoopDelayP99Ms: eld.percentile(99) / 1e6,
    eventLoopUtilization: elu.utilization,
    framesSent,
    framesLate5ms: framesLate,
    medianWallPerAudio: drift.length ? drift[Math.floor(drift.length / 2)] : NaN,
    wallMs: performance.now() - started,
    callsCpuMs: (cpu.user + cpu.system) / 1000,
    callerLines,
  };
}
