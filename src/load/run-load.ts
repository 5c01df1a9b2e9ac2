/**
 * `callbench load` as a function: load and weigh the scenarios, synthesize every variant, start
 * the agent if asked, then drive calls with an executor (or a find-limit search of constant-VU
 * steps) while measuring the agent (histograms, per call and per interval) and the generator
 * (watchdog). Its files are written by reporters (load-reporters.ts): calls.csv as calls end,
 * stats.csv as stats intervals close, histograms.json, summary.json, load.json and report.html at
 * the end — also after Ctrl-C (`signal`). Nothing here touches process.* except
 * process.cpuUsage (the generator's CPU is part of what it measures).
 */
import { loadVad } from '../audio/vad.ts';
import { PrepareError } from '../caller/prepare.ts';
import { checkAgentChoice, prepareAll, withSession, type AgentChoice } from '../engine/session.ts';
import type { FindLimitStep } from '../report/load-data.ts';
import { llmCallerSettingsOrDefault } from './llm-callers.ts';
import { loadMix } from './load-mix.ts';
import {
  llmPolicyForThread,
  type LlmCallerSettings,
} from '../engine/generator/llm-caller-policy.ts';
import { CallerCache } from '../caller/converse/caller-cache.ts';
import type { Threshold } from '../thresholds/parse.ts';
import { LoadAggregates } from './aggregates.ts';
import { checkLoadThresholds, describeResult, evaluateLoadThresholds, loadRate } from './budget.ts';
import { tooFewCallsNote } from './rate-resolution.ts';
import {
  ThreadCallRunner,
  type CallRunner,
  type PreparedVariant,
} from '../engine/generator/call-runner.ts';
import { realClock, type Clock } from '../engine/executors/clock.ts';
import { startExecutor, type CallTicket } from '../engine/executors/executor.ts';
import {
  findLimitStepPlan,
  LimitSearch,
  stepVerdict,
  type LimitSearchOptions,
} from '../engine/executors/find-limit.ts';
import { percentileOf } from '../metrics/histograms.ts';
import {
  LOAD_RECORD_FORMAT,
  shardLabel,
  type LoadRecord,
  type TimelineEntry,
} from './load-record.ts';
import type { LoadSummary } from '../report/load-types.ts';
import { derivedLoadReporters, sourceLoadReporters } from './load-reporters.ts';
import { reporterCause, type LoadReporter } from './load-reporter.ts';
import { loadSummary } from './load-outputs.ts';
import { notifyReporters, type ReporterError } from '../report/reporter.ts';
import { buildMix, type ScenarioMix } from './mix.ts';
import type { MixEntry } from './parse-options.ts';
import type { LoadPlan } from '../engine/executors/plan.ts';
import type { ProgressPrinter } from './progress.ts';
import type { Shard } from '../engine/executors/shard.ts';
import { monotonicAt, waitForStartAt, type StartAt } from './start-at.ts';
import { GeneratorWatchdog } from '../engine/generator/watchdog.ts';
import { WorkerPoolRunner } from '../engine/generator/worker-pool.ts';

export type LoadMode =
  | { kind: 'plan'; plan: LoadPlan }
  | {
      kind: 'find-limit';
      budgets: Threshold[];
      stepDurationMs: number;
      /** Each step's calls start spread evenly over this long (0: all at once). */
      stepRampMs: number;
      search: LimitSearchOptions;
    };

export interface LoadRunOptions extends AgentChoice {
  mix: MixEntry[];
  /** Flite voices to draw from per call; null keeps each scenario's own voice. */
  voices: string[] | null;
  seed: number;
  outDir: string;
  ttsCacheDir: string;
  cwd?: string;
  signal?: AbortSignal;
  mode: LoadMode;
  shard: Shard;
  /** 1: calls run on the main thread; more: on that many worker threads. */
  threads: number;
  gracefulStopMs: number;
  statsIntervalSec: number;
  thresholds: Threshold[];
  progress: ProgressPrinter;
  clock?: Clock;
  /** Prepare, then start the plan at this wall-clock moment (`--start-at`); the timeline counts from it. */
  startAt?: StartAt;
  /** How `policy: llm` callers run; default: from `.callbench/caller-cache.json` under cwd only, no requests. */
  llmCallers?: LlmCallerSettings;
  /** More reporters, after the built-in ones (calls.csv, stats.csv, histograms.json, summary.json, load.json, report.html). */
  reporters?: LoadReporter[];
}

export type LoadOutcome =
  | { kind: 'invalid'; errors: string[] }
  | { kind: 'completed'; summary: LoadSummary; record: LoadRecord };

const SAMPLE_EVERY_MS = 1000;

export async function runLoad(options: LoadRunOptions): Promise<LoadOutcome> {
  const errors = [...checkLoadThresholds('--threshold', options.thresholds)];
  if (options.mode.kind === 'find-limit')
    errors.push(...checkLoadThresholds('--budget', options.mode.budgets));
  errors.push(...checkAgentChoice(options));
  if (errors.length) return { kind: 'invalid', errors };

  const llmCallers = llmCallerSettingsOrDefault(options.llmCallers, options.cwd);
  const loaded = await loadMix(options.mix, llmCallers, options.cwd);
  if ('errors' in loaded) return { kind: 'invalid', errors: loaded.errors };
  const mix = buildMix(loaded.weighted, options.voices, options.seed);
  let variants: PreparedVariant[];
  try {
    variants = await prepareVariants(mix, options.ttsCacheDir);
  } catch (err) {
    if (err instanceof PrepareError) return { kind: 'invalid', errors: [err.message] };
    throw err;
  }

  return withSession(options, async ({ outDir, agentUrl, local }) => {
    // An agent started in this process shares its event loop: the calls then run on worker
    // threads, or the agent's work (speech recognition, synthesis) would delay the caller's frames.
    const onWorkers = options.threads > 1 || local !== null;
    const runner: CallRunner = onWorkers
      ? await WorkerPoolRunner.start(options.threads, variants, agentUrl, llmCallers)
      : new ThreadCallRunner(
          variants,
          agentUrl,
          await loadVad(),
          'main',
          llmPolicyForThread(
            llmCallers,
            new CallerCache(llmCallers.cacheFile),
            llmCallers.maxRequests,
          ),
        );
    try {
      const start = options.startAt
        ? await waitForStartAt(options.startAt, `shard ${shardLabel(options.shard)}`, {
            signal: options.signal,
            note: (t) => options.progress.note(t),
          })
        : null;
      if (start?.kind === 'late') return { kind: 'invalid', errors: [start.message] };
      const reporters = [
        ...sourceLoadReporters(outDir),
        ...derivedLoadReporters(outDir, { redact: false }),
        ...(options.reporters ?? []),
      ];
      const run = new LoadRun(
        options,
        mix,
        runner,
        reporters,
        agentUrl,
        outDir,
        loaded.weighted.map((w) => ({
          name: w.scenario.name,
          file: w.scenario.file,
          weight: Math.round(w.weight * 1e6) / 1e6,
        })),
      );
      const record = await run.execute();
      const summary = loadSummary(record);
      // Every reporter writes its file (also after Ctrl-C); a failure then fails the run with its original error.
      const errors = await notifyReporters(reporters, 'onRunEnd', { record, summary });
      if (errors.length) throw reporterCause(errors[0]);
      return { kind: 'completed', summary, record };
    } finally {
      await runner.close();
    }
  });
}

/** Every (scenario, voice) variant synthesized and framed before the first call. */
async function prepareVariants(mix: ScenarioMix, ttsCacheDir: string): Promise<PreparedVariant[]> {
  const plans = await prepareAll(
    mix.variants.map((v) => v.scenario),
    { vadFactory: await loadVad(), ttsCacheDir },
  );
  return plans.map((plan, i) => ({ plan, voice: mix.variants[i].voice }));
}

/** One load run's state while it runs. */
class LoadRun {
  private readonly clock: Clock;
  private readonly t0: number;
  private readonly total = new LoadAggregates();
  private interval = new LoadAggregates();
  private step: LoadAggregates | null = null;
  private stepSawBottleneck = false;
  private readonly watchdog = new GeneratorWatchdog();
  private readonly timeline: TimelineEntry[] = [];
  private active = 0;
  private target: { vus?: number; rate?: number } = {};
  private lastStatsSec = 0;
  private intervalWorstEld = 0;
  private readonly cpuAtStart = process.cpuUsage();
  private cpuAtInterval = process.cpuUsage();
  private wallAtInterval = 0;
  private lastWindowCpu = 0;
  private lastWindowLatenessP99: number | null = null;
  private readonly shardText: string;
  private readonly startedAt = new Date();
  private readonly failedReporters = new Set<string>();

  constructor(
    private readonly options: LoadRunOptions,
    private readonly mix: ScenarioMix,
    private readonly runner: CallRunner,
    private readonly reporters: readonly LoadReporter[],
    private readonly agentUrl: string,
    private readonly outDir: string,
    private readonly scenarios: LoadRecord['scenarios'],
  ) {
    this.clock = options.clock ?? realClock;
    // With --start-at the timeline counts from the agreed moment, so shards' intervals share one grid.
    this.t0 = options.startAt
      ? monotonicAt(options.startAt.atMs, this.clock.now())
      : this.clock.now();
    this.lastStatsSec = this.wallAtInterval = round1(Math.max(0, this.elapsedSec()));
    this.shardText = shardLabel(options.shard);
  }

  private elapsedSec(): number {
    return (this.clock.now() - this.t0) / 1000;
  }

  async execute(): Promise<LoadRecord> {
    const executorName =
      this.options.mode.kind === 'plan' ? this.options.mode.plan.executor : 'find-limit';
    this.noteReporterErrors(
      await notifyReporters(this.reporters, 'onRunStart', {
        outDir: this.outDir,
        agentUrl: this.agentUrl,
        executor: executorName,
        shard: this.shardText,
        seed: this.options.seed,
        statsIntervalSec: this.options.statsIntervalSec,
        scenarios: this.scenarios,
      }),
    );
    const sampler = this.startSampler();
    let findLimit: LoadRecord['findLimit'];
    let executor: string;
    try {
      if (this.options.mode.kind === 'plan') {
        executor = this.options.mode.plan.executor;
        await this.runPlan(this.options.mode.plan, [], '', null);
      } else {
        executor = 'find-limit';
        findLimit = await this.findLimit(this.options.mode);
      }
    } finally {
      await sampler.stop();
    }
    await this.closeInterval();
    this.options.progress.endLine();
    const cpuPercent = cpuPercentSince(this.cpuAtStart, this.elapsedSec() * 1000);
    const latenessP99 = percentileOf(this.total.histograms.send_lateness_us, 99, 0.001) ?? 0;
    return {
      format: LOAD_RECORD_FORMAT,
      executor,
      plan: this.options.mode.kind === 'plan' ? this.options.mode.plan : null,
      shards: [this.shardText],
      seed: this.options.seed,
      agentUrl: this.agentUrl,
      startedAt: this.startedAt.toISOString(),
      startAt: this.options.startAt ? new Date(this.options.startAt.atMs).toISOString() : null,
      statsIntervalSec: this.options.statsIntervalSec,
      finishedAt: new Date().toISOString(),
      interrupted: this.options.signal?.aborted ?? false,
      scenarios: this.scenarios,
      voices: this.options.voices,
      thresholds: this.options.thresholds,
      total: this.total.toJSON(),
      timeline: this.timeline,
      generator: this.watchdog.health(cpuPercent, latenessP99),
      generatorWindows: this.watchdog.windows,
      ...(findLimit ? { findLimit } : {}),
    };
  }

  private sinks(): LoadAggregates[] {
    return this.step ? [this.total, this.interval, this.step] : [this.total, this.interval];
  }

  private async runPlan(
    plan: LoadPlan,
    keyPrefix: number[],
    idPrefix: string,
    stepConcurrency: number | null,
  ): Promise<void> {
    const exec = startExecutor(
      {
        plan,
        shard: this.options.shard,
        clock: this.clock,
        signal: this.options.signal,
        gracefulStopMs: this.options.gracefulStopMs,
        keyPrefix,
        idPrefix,
      },
      {
        startCall: (ticket) => this.call(ticket, stepConcurrency),
        onDropped: () => {
          for (const s of this.sinks()) s.recordDropped();
        },
      },
    );
    this.targetOf = () =>
      plan.model === 'closed'
        ? { vus: round1(exec.targetNow()) }
        : { rate: round1(exec.targetNow()) };
    await exec.done;
    this.targetOf = () => ({});
  }

  private targetOf: () => { vus?: number; rate?: number } = () => ({});

  /** One call: draw its variant, run it, record it, and write its row before the VU goes on. */
  private async call(ticket: CallTicket, stepConcurrency: number | null): Promise<void> {
    const variant = this.mix.pick(ticket.key);
    const startedSec = this.elapsedSec();
    for (const s of this.sinks()) s.recordStarted();
    this.active++;
    try {
      const outcome = await this.runner.run({ callId: ticket.callId, variant }, ticket.signal);
      for (const s of this.sinks()) s.recordOutcome(outcome);
      const endedSec = this.elapsedSec();
      const since = this.watchdog.bottleneckSinceSec;
      const context = {
        thread: outcome.thread,
        shard: this.shardText,
        stepConcurrency,
        startedSec,
        endedSec,
        generatorBottleneck: since !== null && since <= endedSec,
      };
      this.noteReporterErrors(
        await notifyReporters(this.reporters, 'onCallEnd', { outcome, context }),
      );
    } finally {
      this.active--;
    }
  }

  private async findLimit(
    mode: Extract<LoadMode, { kind: 'find-limit' }>,
  ): Promise<NonNullable<LoadRecord['findLimit']>> {
    const search = new LimitSearch(mode.search);
    const steps: FindLimitStep[] = [];
    const budget = mode.budgets.map((b) => `${b.metric}=${b.expression}`).join(', ');
    for (
      let level = search.next(), i = 0;
      level !== null && !this.options.signal?.aborted;
      level = search.next(), i++
    ) {
      this.options.progress.note(
        `find-limit step ${i + 1}: ${level} concurrent call(s) for ${mode.stepDurationMs / 1000} s${mode.stepRampMs > 0 ? ` after starting them over ${mode.stepRampMs / 1000} s` : ''} (budget: ${budget})`,
      );
      const step = new LoadAggregates();
      this.step = step;
      this.stepSawBottleneck = this.watchdog.state === 'bottleneck';
      await this.runPlan(findLimitStepPlan(level, mode), [i], `s${i + 1}-`, level);
      this.step = null;
      const aborted = this.options.signal?.aborted ?? false;
      const results = evaluateLoadThresholds(mode.budgets, step);
      // A budget with no samples in a step (e.g. entity_exact_rate when the calls drawn declare no
      // entities) is no evidence against the level: it does not break it (a --threshold would fail).
      const broken = results.filter((r) => !r.ok && r.actual !== null);
      const verdict = stepVerdict({
        aborted,
        generatorStrained: this.stepSawBottleneck,
        brokenBudgets: broken.length,
      });
      const held = verdict.held;
      const reasons = [
        ...(verdict.note ? [verdict.note] : []),
        ...broken.map(describeResult),
        ...broken.flatMap((r) => tooFewCallsNote(r, step.finished) ?? []),
      ];
      const reason = reasons.length ? reasons.join('; ') : null;
      const p95 = percentileOf(step.histograms.turn_latency_ms, 95);
      steps.push({
        concurrency: level,
        held,
        reason,
        calls: step.finished,
        turnLatencyP95Ms: p95 === null ? null : round1(p95),
        failureRate: loadRate('call_failure_rate', step) ?? 0,
        entityExactRate: loadRate('entity_exact_rate', step),
        offeredPassRate: loadRate('offered_call_pass_rate', step),
      });
      this.options.progress.note(
        `find-limit step ${i + 1}: ${level} call(s) ${held ? 'HELD' : 'BROKE'}${reason ? ` — ${reason}` : ''} (calls ${step.finished}, turn p95 ${p95 === null ? '–' : Math.round(p95)} ms)`,
      );
      search.report(level, held, verdict.final);
    }
    return { budget, budgets: mode.budgets, limit: search.limit, steps };
  }

  /** Every second: sample the generator threads, feed the watchdog, show progress; every stats interval: a stats row. */
  private startSampler(): { stop(): Promise<void> } {
    let stopped = false;
    let running: Promise<void> = Promise.resolve();
    let lastSampleSec = Math.max(0, this.elapsedSec()); // a late --start-at shard begins past 0
    const tick = async (): Promise<void> => {
      const reports = await this.runner.sample();
      const tSec = this.elapsedSec();
      const windowSec = Math.max(0.001, tSec - lastSampleSec);
      lastSampleSec = tSec;
      for (const r of reports)
        for (const s of this.sinks()) s.addLateness(r.lateness, r.sample.framesLate5ms);
      for (const w of this.watchdog.observe(
        tSec,
        windowSec,
        reports.map((r) => r.sample),
      ))
        this.options.progress.warn(w);
      if (this.watchdog.state === 'bottleneck') this.stepSawBottleneck = true;
      this.intervalWorstEld = Math.max(
        this.intervalWorstEld,
        ...reports.map((r) => r.sample.eventLoopDelayP99Ms),
      );
      const latenesses = reports
        .map((r) => r.sample.latenessP99Ms)
        .filter((x): x is number => x !== null);
      this.lastWindowLatenessP99 = latenesses.length ? Math.max(...latenesses) : null;
      this.showProgress(tSec);
      if (tSec - this.lastStatsSec >= this.options.statsIntervalSec - 0.05)
        await this.closeInterval();
    };
    const timer = setInterval(() => {
      if (stopped) return;
      running = running
        .then(tick)
        .catch((err: unknown) =>
          this.options.progress.note(
            `callbench: generator sampling failed: ${err instanceof Error ? err.message : String(err)}`,
          ),
        );
    }, SAMPLE_EVERY_MS);
    return {
      stop: async () => {
        stopped = true;
        clearInterval(timer);
        await running;
        await tick();
      },
    };
  }

  private showProgress(tSec: number): void {
    const c = this.total.counts;
    const t = this.targetOf();
    this.lastWindowCpu = cpuPercentSince(this.cpuAtInterval, (tSec - this.wallAtInterval) * 1000);
    this.options.progress.update({
      tSec,
      active: this.active,
      target:
        t.vus !== undefined ? `${t.vus} VUs` : t.rate !== undefined ? `${t.rate} calls/s` : '–',
      started: c.started,
      ended: this.total.finished,
      failed: c.failed + c.error,
      dropped: c.dropped,
      turnLatencyP50Ms: percentileOf(this.total.histograms.turn_latency_ms, 50),
      turnLatencyP95Ms: percentileOf(this.total.histograms.turn_latency_ms, 95),
      generator: this.watchdog.state,
      cpuPercent: this.lastWindowCpu,
      sendLatenessP99Ms: this.lastWindowLatenessP99,
    });
  }

  /** Ends the current stats interval: a timeline entry and a stats.csv row. */
  private async closeInterval(): Promise<void> {
    const tSec = round1(this.elapsedSec());
    if (tSec <= this.lastStatsSec) return;
    const t = this.targetOf();
    const entry: Omit<TimelineEntry, 'interval'> = {
      tSec,
      activeCalls: this.active,
      ...(t.vus !== undefined ? { targetConcurrency: t.vus } : {}),
      ...(t.rate !== undefined ? { arrivalRatePerSec: t.rate } : {}),
      eventLoopDelayP99Ms: round1(this.intervalWorstEld),
      cpuPercent: round1(cpuPercentSince(this.cpuAtInterval, (tSec - this.wallAtInterval) * 1000)),
    };
    const interval = this.interval;
    this.interval = new LoadAggregates();
    this.timeline.push({ ...entry, interval: interval.toJSON() });
    this.lastStatsSec = tSec;
    this.intervalWorstEld = 0;
    this.cpuAtInterval = process.cpuUsage();
    this.wallAtInterval = tSec;
    this.noteReporterErrors(
      await notifyReporters(this.reporters, 'onInterval', {
        at: entry,
        interval,
        total: this.total,
        bottleneckSinceSec: this.watchdog.bottleneckSinceSec,
      }),
    );
  }

  /** A reporter failing mid-run does not stop the run or the other reporters: its first failure is said once. */
  private noteReporterErrors(errors: readonly ReporterError[]): void {
    for (const e of errors) {
      if (this.failedReporters.has(e.reporter)) continue;
      this.failedReporters.add(e.reporter);
      this.options.progress.note(
        `callbench: ${e.message} (later failures of this reporter are not repeated)`,
      );
    }
  }
}

/** Process CPU since `from`, as % of one core. */
function cpuPercentSince(from: NodeJS.CpuUsage, wallMs: number): number {
  const d = process.cpuUsage(from);
  return wallMs > 0 ? ((d.user + d.system) / 1000 / wallMs) * 100 : 0;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
