/**
 * What the CLI calls, and what a program can call: run scenario suites against an agent.
 * Nothing here touches process.*; cancellation comes in as an AbortSignal.
 */
import { fetchCapturedValues } from './entities/side-channel.ts';
import { scoreEntity, type EntityResult } from './entities/score.ts';
import { junitReporter } from './report/junit.ts';
import { checkThresholds } from './thresholds/evaluate.ts';
import type { Threshold } from './thresholds/parse.ts';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import pLimit from 'p-limit';
import { loadVad, type VadFactory } from './audio/vad.ts';
import { runCall, type CallResult, type PreparedScenario } from './caller/call.ts';
import { PrepareError, prepareScenario } from './caller/prepare.ts';
import { FrameScheduler } from './caller/scheduler.ts';
import { callMetrics } from './metrics/call-metrics.ts';
import { summarizeRun, type RunSummary, type ScoredCall } from './metrics/run-summary.ts';
import { csvReporter } from './report/csv.ts';
import { jsonlReporter } from './report/jsonl.ts';
import { notifyReporters, type Reporter } from './report/reporter.ts';
import { summaryJsonReporter } from './report/summary-json.ts';
import { formatScenarioError } from './scenario/errors.ts';
import { loadScenarios } from './scenario/load.ts';
import { FliteTts } from './speech/flite.ts';

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
}

export interface LocalAgent {
  url: string;
  close(): Promise<void>;
}

export type RunOutcome =
  | { kind: 'invalid'; errors: string[] }
  | { kind: 'completed'; summary: RunSummary; calls: ScoredCall[]; reporterErrors: string[] };

export async function runSuite(options: RunSuiteOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const { scenarios, errors } = await loadScenarios(options.paths);
  if (errors.length) return { kind: 'invalid', errors: errors.map((e) => formatScenarioError(e, { relativeTo: options.cwd })) };
  if (scenarios.length === 0) return { kind: 'invalid', errors: [`no scenario files (*.yaml, *.yml) found in ${options.paths.join(', ')}`] };
  const thresholdErrors = checkThresholds(options.thresholds ?? []);
  if (thresholdErrors.length) return { kind: 'invalid', errors: thresholdErrors };
  if (options.agentUrl === undefined && !options.startAgent) return { kind: 'invalid', errors: ['no agent: give an agent URL (--agent ws://…)'] };
  const agentError = options.agentUrl === undefined ? null : checkAgentUrl(options.agentUrl);
  if (agentError) return { kind: 'invalid', errors: [agentError] };

  const vadFactory = await loadVad();
  const synth: { tts: Promise<FliteTts> | null } = { tts: null };
  const getTts = (): Promise<FliteTts> => (synth.tts ??= FliteTts.create());
  const plans: PreparedScenario[] = [];
  try {
    for (const scenario of scenarios) {
      plans.push(await prepareScenario(scenario, { vadFactory, getTts, ttsCacheDir: resolve(options.ttsCacheDir ?? 'recordings/.cache/tts') }));
    }
  } catch (err) {
    if (err instanceof PrepareError) return { kind: 'invalid', errors: [err.message] };
    throw err;
  } finally {
    if (synth.tts) await (await synth.tts).close();
  }

  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const local = options.agentUrl === undefined && options.startAgent ? await options.startAgent() : null;
  try {
    const agentUrl = local?.url ?? options.agentUrl ?? '';
    // Repeats run round-robin (all scenarios, then all again), so a slow scenario's repeats do not all queue at the end.
    const repeat = Math.max(1, options.repeat ?? 1);
    const runs = Array.from({ length: repeat }, () => plans).flat();
    return await runCalls(runs, { ...options, agentUrl, outDir, startedAt, vadFactory });
  } finally {
    await local?.close();
  }
}

async function runCalls(plans: PreparedScenario[], options: RunSuiteOptions & { agentUrl: string; outDir: string; startedAt: Date; vadFactory: VadFactory }): Promise<RunOutcome> {
  const { outDir, agentUrl, startedAt, vadFactory } = options;
  const reporters: Reporter[] = [jsonlReporter(outDir), csvReporter(outDir), junitReporter(outDir, options.cwd), summaryJsonReporter(outDir), ...(options.reporters ?? [])];
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
  const limit = pLimit(concurrency);
  const calls: ScoredCall[] = [];
  await Promise.all(
    plans.map((plan, i) =>
      limit(async () => {
        if (options.signal?.aborted) return;
        const vad = vadFactory.create();
        try {
          const result = await runCall(plan, { url: agentUrl, scheduler, vad, callId: `call-${String(i + 1).padStart(4, '0')}`, signal: options.signal });
          const scored: ScoredCall = { ...result, metrics: callMetrics(result.events), ...(await scoreEntities(plan, result, agentUrl)) };
          calls.push(scored);
          note(await notifyReporters(reporters, 'onCallEnd', scored));
        } finally {
          vad.dispose();
        }
      }),
    ),
  );

  const summary = summarizeRun(calls, { agentUrl, startedAt, finishedAt: new Date(), interrupted: options.signal?.aborted ?? false }, options.thresholds ?? []);
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

/** Scores the scenario's declared entities against the agent's side channel (when it has one). */
async function scoreEntities(plan: PreparedScenario, result: CallResult, agentUrl: string): Promise<{ entities?: EntityResult[] }> {
  const declared = plan.scenario.turns.flatMap((turn, i) => (turn.kind === 'say' ? (turn.entities ?? []).map((e) => ({ turn: i + 1, e })) : []));
  if (declared.length === 0) return {};
  const captured = await fetchCapturedValues(agentUrl, result.callSid);
  return { entities: declared.map(({ turn, e }) => scoreEntity(turn, e, captured ?? [], captured ? 'side_channel' : 'none')) };
}

// ---- load testing (src/load/): `callbench load` as a function, and merging shard outputs ----
export { runLoad, type LoadRunOptions, type LoadOutcome, type LoadMode } from './load/run-load.ts';
export { mergeDirectories } from './load/merge.ts';
