/**
 * `callbench run` as a function: check the inputs, prepare the scenarios, open a session, and play
 * every scenario (× `repeat`) through the call pipeline, `concurrency` at a time, each finished
 * call handed to the reporters before it counts as done. Nothing here touches process.*;
 * cancellation comes in as an AbortSignal.
 */
import { ThreadLineSpeech } from '../caller/converse/thread-line-speech.ts';
import type { PolicyFactory } from '../caller/converse/start.ts';
import { resolve } from 'node:path';
import { loadVad, type VadFactory } from '../audio/vad.ts';
import type { PreparedScenario } from '../caller/call.ts';
import { PrepareError } from '../caller/prepare.ts';
import { FrameScheduler } from '../caller/scheduler.ts';
import type { SpeechEvidence } from '../expectations/evaluate.ts';
import { summarizeRun, type RunSummary } from '../summary/run-summary.ts';
import { notStartedCall } from '../report/not-started.ts';
import {
  CallRecorder,
  recordingDropped,
  shouldRecord,
  type RecordMode,
} from '../report/recording.ts';
import { notifyReporters, type Reporter } from '../report/reporter.ts';
import { derivedReporters, sourceReporters, withRedaction } from '../report/run-reporters.ts';
import { formatScenarioError } from '../scenario/errors.ts';
import { loadScenarios } from '../scenario/load.ts';
import { expandMatrix, type MatrixAxis } from '../matrix/expand.ts';
import { speechPhrases, type TranscriptJudge } from '../scoring/score-call.ts';
import { checkThresholds } from '../thresholds/evaluate.ts';
import type { Threshold } from '../thresholds/parse.ts';
import type { AudioTranscriber } from '../transcribe/audio-transcriber.ts';
import { HeardTranscriber } from '../transcribe/transcriber.ts';
import { realClock } from './executors/clock.ts';
import { sharedIterationCallId, startExecutor, type CallTicket } from './executors/executor.ts';
import { WHOLE_PLAN } from './executors/shard.ts';
import { dialAndScore } from './pipeline.ts';
import { checkAgentChoice, prepareAll, withSession, type AgentChoice } from './session.ts';
import type { ScoredCall, SkippedScenario } from '../results/scored-call.ts';

export interface RunSuiteOptions extends AgentChoice {
  /** Scenario files or directories (searched recursively for *.yaml / *.yml). */
  paths: string[];
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
  /** Transcribes what the caller heard for black-box agents (default: the embedded recognizer). The caller closes one it passes. */
  transcriber?: AudioTranscriber;
  /** Makes the caller's policy for `policy: llm` scenarios (src/caller/converse/llm-policy.ts); without it they cannot run. */
  callerPolicy?: PolicyFactory;
  /** Why there is no callerPolicy (e.g. the missing env var): `policy: llm` scenarios are then invalid input. */
  callerPolicyMissing?: string;
  /** Robustness matrix (`--matrix`): every scenario runs under every combination of these settings. */
  matrix?: MatrixAxis[];
}

export type RunOutcome =
  | { kind: 'invalid'; errors: string[] }
  | { kind: 'completed'; summary: RunSummary; calls: ScoredCall[]; reporterErrors: string[] };

export async function runSuite(options: RunSuiteOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const {
    scenarios: loaded,
    errors,
    thresholds: fileThresholds,
  } = await loadScenarios(
    options.paths,
    options.fsddDir === undefined ? {} : { fsddDir: options.fsddDir },
  );
  if (errors.length)
    return {
      kind: 'invalid',
      errors: errors.map((e) => formatScenarioError(e, { relativeTo: options.cwd })),
    };
  const scenarios = expandMatrix(loaded, options.matrix ?? []);
  if (scenarios.length === 0)
    return {
      kind: 'invalid',
      errors: [`no scenario files (*.yaml, *.yml) found in ${options.paths.join(', ')}`],
    };
  const needsLlm = scenarios.filter((s) => s.caller.goal?.policy === 'llm');
  if (needsLlm.length > 0 && !options.callerPolicy)
    return {
      kind: 'invalid',
      errors: needsLlm.map(
        (s) =>
          `${s.file}: ${options.callerPolicyMissing ?? 'policy: llm needs an LLM for the caller (OPENAI_API_KEY, CALLBENCH_CALLER_MODEL)'}`,
      ),
    };
  const thresholds = [...fileThresholds, ...(options.thresholds ?? [])];
  const thresholdErrors = checkThresholds(options.thresholds ?? []);
  if (thresholdErrors.length) return { kind: 'invalid', errors: thresholdErrors };
  const agentErrors = checkAgentChoice(options);
  if (agentErrors.length) return { kind: 'invalid', errors: agentErrors };

  const vadFactory = await loadVad();
  const skipped: SkippedScenario[] = [];
  let plans: PreparedScenario[];
  try {
    plans = await prepareAll(scenarios, {
      vadFactory,
      ttsCacheDir: options.ttsCacheDir ?? 'recordings/.cache/tts',
      skipped,
      ...(options.fsddDir === undefined ? {} : { fsddDir: options.fsddDir }),
    });
  } catch (err) {
    if (err instanceof PrepareError) return { kind: 'invalid', errors: [err.message] };
    throw err;
  }

  return withSession(options, async ({ outDir, agentUrl }) => {
    // Repeats run round-robin (all scenarios, then all again), so a slow scenario's repeats do not all queue at the end.
    const repeat = Math.max(1, options.repeat ?? 1);
    const runs = Array.from({ length: repeat }, () => plans).flat();
    return runCalls(runs, {
      ...options,
      thresholds,
      agentUrl,
      outDir,
      startedAt,
      vadFactory,
      skipped,
    });
  });
}

async function runCalls(
  plans: PreparedScenario[],
  options: RunSuiteOptions & {
    agentUrl: string;
    outDir: string;
    startedAt: Date;
    vadFactory: VadFactory;
    skipped: SkippedScenario[];
  },
): Promise<RunOutcome> {
  const { outDir, agentUrl, startedAt, vadFactory } = options;
  // Saved sources + derived reports, redacted when asked.
  const cwd = options.cwd ?? resolve('.');
  const allReporters: Reporter[] = [
    ...sourceReporters(outDir, cwd),
    ...derivedReporters(outDir, { cwd, redact: options.redact ?? false }),
    ...(options.reporters ?? []),
  ];
  const declaredValues = plans.flatMap((p) =>
    p.scenario.turns.flatMap((t) =>
      t.kind === 'say' || t.kind === 'dtmf' || t.kind === 'converse'
        ? (t.entities ?? []).map((e) => e.value)
        : [],
    ),
  );
  const reporters = options.redact ? withRedaction(allReporters, declaredValues) : allReporters;
  const recordMode = options.record ?? 'failed';
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
  // Goal-driven callers speak lines they decide during the call: one synthesizer for the run.
  const lineSpeech = new ThreadLineSpeech(vadFactory);
  // A given transcriber belongs to the caller; the default is ours to close.
  const transcriber: AudioTranscriber = options.transcriber ?? new HeardTranscriber();
  const calls: ScoredCall[] = [];
  // The first failure of the harness itself (not of a call: those are in its result) fails the run.
  let harnessError: { error: unknown } | null = null;
  const dialed = new Set<number>();
  const playCall = async (ticket: CallTicket): Promise<void> => {
    dialed.add(ticket.key[0]);
    const plan = plans[ticket.key[0]];
    // One recorder keeps the call's audio for the WAV and, when an expectation may need a
    // transcript of the agent, for that too: a call needing neither keeps nothing.
    const needsHeard = speechPhrases(plan) !== null;
    const recorder = recordMode === 'none' && !needsHeard ? null : new CallRecorder();
    const converse = plan.converse
      ? {
          ...(await lineSpeech.options(plan.converse.ttsCacheDir)),
          ...(options.callerPolicy ? { llmPolicy: options.callerPolicy } : {}),
          transcriber,
        }
      : undefined;
    const scored = await dialAndScore({
      plan,
      ...(converse ? { converse } : {}),
      callId: ticket.callId,
      agentUrl,
      scheduler,
      vadFactory,
      signal: ticket.signal,
      ...(recorder ? { onFrames: recorder.onFrames } : {}),
      ...(options.webhook ? { webhook: options.webhook } : {}),
      scoring: () => ({
        judge: options.judge,
        heardMulaw: needsHeard && recorder ? recorder.heardMulaw : null,
        transcriber,
        speech: options.agentSpeech ?? 'auto',
      }),
    });
    calls.push(scored);
    note(await notifyReporters(reporters, 'onCallEnd', scored));
    // Results before recordings (a recording must not take the disk space the results need); the verdict decides whether to record.
    if (recorder && shouldRecord(recordMode, scored.status))
      await recorder
        .write(outDir, scored.callId)
        .catch((err: unknown) => void reporterErrors.push(recordingDropped(scored.callId, err)));
  };
  try {
    // k6's shared-iterations: `concurrency` VUs share the list of calls, each taking the next as its last ends.
    const executor = startExecutor(
      {
        plan: {
          model: 'iterations',
          executor: 'shared-iterations',
          vus: concurrency,
          iterations: plans.length,
        },
        shard: WHOLE_PLAN,
        clock: realClock,
        signal: options.signal,
        gracefulStopMs: 0,
      },
      {
        startCall: (ticket) =>
          playCall(ticket).catch((error: unknown) => void (harnessError ??= { error })),
      },
    );
    await executor.done;
    // The executor starts nothing after Ctrl-C: the calls it skipped are recorded as not_started, so an interrupted run accounts for every planned call.
    for (const [i, plan] of plans.entries()) {
      if (dialed.has(i)) continue;
      const unstarted = notStartedCall(plan.scenario, sharedIterationCallId(i));
      calls.push(unstarted);
      note(await notifyReporters(reporters, 'onCallEnd', unstarted));
    }
  } finally {
    if (transcriber !== options.transcriber) await transcriber.close();
    await lineSpeech.close();
  }
  if (harnessError) throw (harnessError as { error: unknown }).error;
  const summary = summarizeRun(
    calls,
    {
      agentUrl,
      startedAt,
      finishedAt: new Date(),
      interrupted: options.signal?.aborted ?? false,
      skipped: options.skipped,
    },
    options.thresholds ?? [],
  );
  note(await notifyReporters(reporters, 'onRunEnd', summary));
  return { kind: 'completed', summary, calls, reporterErrors };
}
