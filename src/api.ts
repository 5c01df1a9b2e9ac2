/**
 * What the CLI calls, and what a program can call: run scenario suites against an agent.
 * Nothing here touches process.*; cancellation comes in as an AbortSignal.
 */
import { fetchSideChannel, parseAgentReport } from './entities/side-channel.ts';
import type { SpeechEvidence } from './expectations/evaluate.ts';
import { scoreCall, speechPhrases, type TranscriptJudge } from './scoring/score-call.ts';
import type { AudioTranscriber } from './transcribe/audio-transcriber.ts';
import { HeardTranscriber } from './transcribe/transcriber.ts';
import { checkThresholds } from './thresholds/evaluate.ts';
import type { Threshold } from './thresholds/parse.ts';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import pLimit from 'p-limit';
import { loadVad, type VadFactory } from './audio/vad.ts';
import { runCall, type PreparedScenario } from './caller/call.ts';
import { PrepareError, prepareScenario, ScenarioSkipped } from './caller/prepare.ts';
import { FrameScheduler } from './caller/scheduler.ts';
import { summarizeRun, type RunSummary, type ScoredCall, type SkippedScenario } from './metrics/run-summary.ts';
import { notifyReporters, type Reporter } from './report/reporter.ts';
import { parseAgentStages } from './report/agent-stages.ts';
import { CallRecorder, shouldRecord, type RecordMode } from './report/recording.ts';
import type { ReportCall } from './report/report-call.ts';
import { derivedReporters, sourceReporters, withRedaction } from './report/run-reporters.ts';
import { formatScenarioError } from './scenario/errors.ts';
import { loadScenarios } from './scenario/load.ts';
import { FliteTts } from './speech/flite.ts';
import type { CallConverseOptions, PolicyFactory } from './converse/start.ts';

export interface RunSuiteOptions {
  /** Scenario files or directories (searched recursively for *.yaml / *.yml). */
  paths: string[];
  /** The agent's Media Streams WebSocket URL (ws:// or wss://)… */
  agentUrl?: string;
  /** …or a way to start one, called once the scenarios are valid and their audio is ready. */
  startAgent?: () => Promise<LocalAgent>;
  outDir: string;
  concurrency?: number;
  /** Paths in messages are shown relative to this directory. */
  cwd?: string;
  /** Where synthesized caller speech is cached. */
  ttsCacheDir?: string;
  signal?: AbortSignal;
  /** Reporters beside the files every run writes (events.jsonl, calls.csv, turns.csv, summary.json). */
  reporters?: Reporter[];
  /** Runs each scenario this many times (default 1), to measure flakiness. */
  repeat?: number;
  /** k6-style thresholds on the run's metrics; a run whose thresholds fail has not passed. */
  thresholds?: Threshold[];
  /** Judges success criteria written in words (`success: { judge: … }`); without one they are skipped. */
  judge?: TranscriptJudge;
  /** Which evidence judges what the agent said: auto (side channel, else a transcript of the audio), or one, or both. */
  agentSpeech?: SpeechEvidence;
  /** Stereo WAVs under <outDir>/recordings/: of failed calls (default), all calls, or none. */
  record?: RecordMode;
  /** Mask entity values and digit runs in every report (not in recordings). */
  redact?: boolean;
  /** Where the FSDD recordings are, for recorded-digit turns (default: CALLBENCH_FSDD_DIR, else ../shared/data/fsdd). */
  fsddDir?: string;
  // ---- heard-speech transcriber (issue #4) ----
  /** Transcribes what the caller heard for black-box agents (default: the embedded recognizer). The caller closes one it passes. */
  transcriber?: AudioTranscriber;
  // ---- end heard-speech transcriber ----
  /** Makes the caller's policy for `policy: llm` scenarios (src/converse/llm-policy.ts); without it they cannot run. */
  callerPolicy?: PolicyFactory;
  /** Why there is no callerPolicy (e.g. the missing env var): `policy: llm` scenarios are then invalid input. */
  callerPolicyMissing?: string;
}


export type { TranscriptJudge } from './scoring/score-call.ts';

export interface LocalAgent {
  url: string;
  close(): Promise<void>;
}

export type RunOutcome =
  | { kind: 'invalid'; errors: string[] }
  | { kind: 'completed'; summary: RunSummary; calls: ScoredCall[]; reporterErrors: string[] };

export async function runSuite(options: RunSuiteOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const { scenarios, errors, thresholds: fileThresholds } = await loadScenarios(options.paths, options.fsddDir === undefined ? {} : { fsddDir: options.fsddDir });
  if (errors.length) return { kind: 'invalid', errors: errors.map((e) => formatScenarioError(e, { relativeTo: options.cwd })) };
  if (scenarios.length === 0) return { kind: 'invalid', errors: [`no scenario files (*.yaml, *.yml) found in ${options.paths.join(', ')}`] };
  const needsLlm = scenarios.filter((s) => s.caller.goal?.policy === 'llm');
  if (needsLlm.length > 0 && !options.callerPolicy) return { kind: 'invalid', errors: needsLlm.map((s) => `${s.file}: ${options.callerPolicyMissing ?? 'policy: llm needs an LLM for the caller (OPENAI_API_KEY, CALLBENCH_CALLER_MODEL)'}`) };
  const thresholds = [...fileThresholds, ...(options.thresholds ?? [])];
  const thresholdErrors = checkThresholds(options.thresholds ?? []);
  if (thresholdErrors.length) return { kind: 'invalid', errors: thresholdErrors };
  if (options.agentUrl === undefined && !options.startAgent) return { kind: 'invalid', errors: ['no agent: give an agent URL (--agent ws://…)'] };
  const agentError = options.agentUrl === undefined ? null : checkAgentUrl(options.agentUrl);
  if (agentError) return { kind: 'invalid', errors: [agentError] };

  const vadFactory = await loadVad();
  const synth: { tts: Promise<FliteTts> | null } = { tts: null };
  const getTts = (): Promise<FliteTts> => (synth.tts ??= FliteTts.create());
  const plans: PreparedScenario[] = [];
  const skipped: SkippedScenario[] = [];
  try {
    for (const scenario of scenarios) {
      try {
        plans.push(await prepareScenario(scenario, { vadFactory, getTts, ttsCacheDir: resolve(options.ttsCacheDir ?? 'recordings/.cache/tts'), ...(options.fsddDir === undefined ? {} : { fsddDir: options.fsddDir }) }));
      } catch (err) {
        if (!(err instanceof ScenarioSkipped)) throw err;
        skipped.push({ scenario: err.scenario, file: err.file, reason: err.reason });
      }
    }
  } catch (err) {
    if (err instanceof PrepareError) return { kind: 'invalid', errors: [err.message] };
    throw err;
  } finally {
    // Goal-driven callers speak lines they decide during the call: their synthesizer stays open for the run.
    if (synth.tts && !plans.some((p) => p.converse)) await (await synth.tts).close();
  }
  const converse = plans.some((p) => p.converse) ? { tts: await getTts(), ttsCacheDir: resolve(options.ttsCacheDir ?? 'recordings/.cache/tts'), vadFactory, ...(options.callerPolicy ? { llmPolicy: options.callerPolicy } : {}) } : undefined;

  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const local = options.agentUrl === undefined && options.startAgent ? await options.startAgent() : null;
  try {
    const agentUrl = local?.url ?? options.agentUrl ?? '';
    // Repeats run round-robin (all scenarios, then all again), so a slow scenario's repeats do not all queue at the end.
    const repeat = Math.max(1, options.repeat ?? 1);
    const runs = Array.from({ length: repeat }, () => plans).flat();
    return await runCalls(runs, { ...options, thresholds, agentUrl, outDir, startedAt, vadFactory, skipped, converse });
  } finally {
    await local?.close();
    await converse?.tts.close();
  }
}

async function runCalls(plans: PreparedScenario[], options: RunSuiteOptions & { agentUrl: string; outDir: string; startedAt: Date; vadFactory: VadFactory; skipped: SkippedScenario[]; converse: CallConverseOptions | undefined }): Promise<RunOutcome> {
  const { outDir, agentUrl, startedAt, vadFactory } = options;
  // ---- reports (issue #6): saved sources + derived reports, redacted when asked ----
  const cwd = options.cwd ?? resolve('.');
  const allReporters: Reporter[] = [...sourceReporters(outDir, cwd), ...derivedReporters(outDir, { cwd, redact: options.redact ?? false }), ...(options.reporters ?? [])];
  const declaredValues = plans.flatMap((p) => p.scenario.turns.flatMap((t) => (t.kind === 'say' || t.kind === 'dtmf' || t.kind === 'converse' ? (t.entities ?? []).map((e) => e.value) : [])));
  const reporters = options.redact ? withRedaction(allReporters, declaredValues) : allReporters;
  const recordMode = options.record ?? 'failed';
  // ---- end reports ----
  const reporterErrors: string[] = [];
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const note = (errs: Error[]): void => void reporterErrors.push(...errs.map((e) => e.message));
  note(
    await notifyReporters(reporters, 'onRunStart', {
      agentUrl,
      outDir,
      scenarios: plans.map((p) => ({ name: p.scenario.name, file: p.scenario.file })),
      totalCalls: plans.length,
      concurrency,
    }),
  );

  const scheduler = new FrameScheduler();
  // ---- heard-speech transcriber (issue #4): a given one belongs to the caller; the default is ours to close ----
  const transcriber: AudioTranscriber = options.transcriber ?? new HeardTranscriber();
  // ---- end heard-speech transcriber ----
  const limit = pLimit(concurrency);
  const calls: ScoredCall[] = [];
  try {
    await Promise.all(
      plans.map((plan, i) =>
        limit(async () => {
          if (options.signal?.aborted) return;
          const vad = vadFactory.create();
          // One recorder keeps the call's audio for the WAV and, when an expectation may need a
          // transcript of the agent, for that too: a call needing neither keeps nothing.
          const needsHeard = speechPhrases(plan) !== null;
          const recorder = recordMode === 'none' && !needsHeard ? null : new CallRecorder();
          try {
            const callId = `call-${String(i + 1).padStart(4, '0')}`;
            const result = await runCall(plan, { url: agentUrl, scheduler, vad, callId, signal: options.signal, ...(recorder ? { onFrames: recorder.onFrames } : {}), ...(options.converse ? { converse: options.converse } : {}) });
            const sideChannel = await fetchSideChannel(agentUrl, result.callSid);
            const agentStages = sideChannel === null ? null : parseAgentStages(sideChannel);
            const scored: ReportCall = {
              ...(await scoreCall(plan, result, sideChannel === null ? null : parseAgentReport(sideChannel), { judge: options.judge, heardMulaw: needsHeard && recorder ? recorder.heardMulaw : null, transcriber, speech: options.agentSpeech ?? 'auto' })),
              ...(agentStages ? { agentStages } : {}),
            };
            // The verdict includes expectations, so the recording decision waits for it.
            if (recorder && shouldRecord(recordMode, scored.status)) await recorder.write(outDir, result.callId).catch((err: unknown) => void reporterErrors.push(`recording ${result.callId}: ${err instanceof Error ? err.message : String(err)}`));
            calls.push(scored);
            note(await notifyReporters(reporters, 'onCallEnd', scored));
          } finally {
            vad.dispose();
          }
        }),
      ),
    );
  } finally {
    if (transcriber !== options.transcriber) await transcriber.close();
  }
  const summary = summarizeRun(calls, { agentUrl, startedAt, finishedAt: new Date(), interrupted: options.signal?.aborted ?? false, skipped: options.skipped }, options.thresholds ?? []);
  note(await notifyReporters(reporters, 'onRunEnd', summary));
  return { kind: 'completed', summary, calls, reporterErrors };
}

export function checkAgentUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `--agent "${url}" is not a URL; expected ws://host:port/path or wss://…`;
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') return `--agent must be a ws:// or wss:// URL, got ${parsed.protocol}//`;
  if (parsed.search) return `--agent must not carry a query string: Twilio does not support one in a Stream URL (use scenario "parameters", sent as <Parameter>s)`;
  return null;
}

// ---- load testing (src/load/): `callbench load` as a function, and merging shard outputs ----
export { runLoad, type LoadRunOptions, type LoadOutcome, type LoadMode } from './load/run-load.ts';
export { mergeDirectories } from './load/merge.ts';
