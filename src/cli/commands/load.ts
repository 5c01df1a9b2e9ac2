/** `callbench load`: how many calls at once before callers notice (see src/load/). */
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatLoadSummary } from '../../load/load-console.ts';
import {
  parseDuration,
  parseMix,
  parseNonNegativeInt,
  parsePositiveInt,
  parseRate,
  parseRateStages,
  parseShard,
  parseVoices,
  parseVuStages,
  type MixEntry,
} from '../../load/parse-options.ts';
import type { LoadPlan, Stage } from '../../engine/executors/plan.ts';
import { ProgressPrinter } from '../../load/progress.ts';
import { runLoad, type LoadMode } from '../../load/run-load.ts';
import { WHOLE_PLAN, type Shard } from '../../engine/executors/shard.ts';
import { parseLateStart, parseStartAt } from '../../load/start-at.ts';
import { describeDryRun } from '../../load/dry-run.ts';
import { parseThresholdOption, type Threshold } from '../../thresholds/parse.ts';
import { describeWriteError, prepareOutDir } from '../../util/out-dir-check.ts';
import { resolve } from 'node:path';
import { ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { startEmbeddedAgent } from './run.ts';
import { callerEndpointFromEnv } from '../../caller/converse/llm-from-env.ts';
import { CALLER_CACHE_FILE } from '../../caller/converse/caller-cache.ts';
import {
  DEFAULT_LLM_CONCURRENCY,
  type LlmCallerSettings,
} from '../../engine/generator/llm-caller-policy.ts';

interface LoadFlags {
  agent?: string;
  out: string;
  vus?: number;
  duration?: number;
  stages?: Stage[];
  rate?: number;
  rateStages?: Stage[];
  maxInFlight?: number;
  findLimit?: boolean;
  budget: Threshold[];
  stepDuration: number;
  stepRamp: number;
  start: number;
  step?: number;
  maxVus: number;
  maxSteps: number;
  mix: MixEntry[];
  voices?: string[];
  seed: number;
  shard: Shard;
  threads: number;
  gracefulStop: number;
  statsInterval: number;
  threshold: Threshold[];
  ttsCache: string;
  startAt?: number;
  lateStart: boolean;
  dryRun?: boolean;
  allowLlmCallers?: boolean;
  llmConcurrency?: number;
}

export const DEFAULT_BUDGETS = ['turn_latency_ms=p(95)<800', 'call_failure_rate=rate<0.05'];

/** Wraps a parser from src/load/parse-options.ts as a commander argument parser. */
function flag<T>(parse: (text: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (err) {
      throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
    }
  };
}

function collect<T>(parse: (text: string) => T[]): (value: string, previous: T[]) => T[] {
  return (value, previous) => [...previous, ...flag(parse)(value)];
}

/** find-limit's options that have defaults (commander's keys, and the flags as the user wrote them). */
const FIND_LIMIT_ONLY = [
  ['stepDuration', '--step-duration'],
  ['stepRamp', '--step-ramp'],
  ['start', '--start'],
  ['maxVus', '--max-vus'],
  ['maxSteps', '--max-steps'],
] as const;

export function loadCommand(io: CliIo, setExit: (code: ExitCode) => void): Command {
  return new Command('load')
    .description(
      'Load-test an agent: many concurrent simulated calls (k6-style executors), with live progress and a generator watchdog',
    )
    .argument('[paths...]', 'scenario files or directories, each weighing 1 (or use --mix)')
    .option(
      '-a, --agent <url>',
      "the agent's Media Streams WebSocket URL (default: start the embedded reference agent)",
    )
    .option(
      '-o, --out <dir>',
      'where to write summary.json, load.json, stats.csv, calls.csv, histograms.json, report.html',
      'reports/load',
    )
    .option(
      '--vus <n>',
      'closed model: this many concurrent calls (with --duration)',
      flag((v) => parsePositiveInt('--vus', v)),
    )
    .option(
      '--duration <d>',
      'how long --vus or --rate lasts, e.g. 2m',
      flag((v) => parseDuration('--duration', v)),
    )
    .option(
      '--stages <list>',
      'closed model: ramp concurrency, k6 stages duration:target, e.g. 30s:10,2m:100,30s:0',
      flag((v) => parseVuStages('--stages', v)),
    )
    .option(
      '--rate <r>',
      'open model: calls arriving per second (5/s, 300/m) for --duration; with --rate-stages the starting rate',
      flag((v) => parseRate('--rate', v)),
    )
    .option(
      '--rate-stages <list>',
      'open model: ramp the arrival rate, e.g. 30s:5/s,2m:20/s',
      flag((v) => parseRateStages('--rate-stages', v)),
    )
    .option(
      '--max-in-flight <n>',
      'open model: arrivals finding this many calls in flight are dropped (counted as dropped_calls)',
      flag((v) => parsePositiveInt('--max-in-flight', v)),
    )
    .option(
      '--find-limit',
      'step concurrency up until a --budget breaks; report the largest level that held',
    )
    .addOption(
      new Option('--budget <metric=expr>', 'find-limit budget in k6 threshold syntax, repeatable')
        .argParser(collect((v) => parseThresholdOption(v)))
        .default([], DEFAULT_BUDGETS.join(' and ')),
    )
    .addOption(
      new Option('--step-duration <d>', 'find-limit: how long each level runs')
        .argParser(flag((v) => parseDuration('--step-duration', v)))
        .default(30_000, '30s'),
    )
    .addOption(
      new Option(
        '--step-ramp <d>',
        'find-limit: start each step’s calls spread evenly over this long (0s: all at once, in lockstep)',
      )
        .argParser(flag((v) => parseDuration('--step-ramp', v)))
        // Short beside a call: the turns of calls still ramping in are at less than the level,
        // and count for it. Over 30 s, a whole search reported 28 calls where 60 s steps broke
        // at 24; over 10 s it reported 19.
        .default(10_000, '10s'),
    )
    .option(
      '--start <n>',
      'find-limit: the first level',
      flag((v) => parsePositiveInt('--start', v)),
      1,
    )
    .option(
      '--step <n>',
      'find-limit: climb by this many calls (default: double, then bisect)',
      flag((v) => parsePositiveInt('--step', v)),
    )
    .option(
      '--max-vus <n>',
      'find-limit: never try more than this many calls',
      flag((v) => parsePositiveInt('--max-vus', v)),
      2000,
    )
    .option(
      '--max-steps <n>',
      'find-limit: try at most this many levels',
      flag((v) => parsePositiveInt('--max-steps', v)),
      12,
    )
    .option(
      '--mix <path=weight,…>',
      'weighted scenario mix, repeatable: a path’s weight is shared by the scenario files under it',
      collect((v) => parseMix('--mix', v)),
      [],
    )
    .option(
      '--voices <list>',
      'caller voice drawn per call from these flite voices (slt,rms,awb,kal or all); default: each scenario’s own',
      flag((v) => parseVoices('--voices', v)),
    )
    .option(
      '--seed <n>',
      'seed of the per-call draws (scenario, voice): the same seed repeats a run',
      flag((v) => parseNonNegativeInt('--seed', v)),
      1,
    )
    .option(
      '--shard <i/n>',
      'run shard i of n of the plan (1-based); combine the outputs with `callbench merge`',
      flag((v) => parseShard('--shard', v)),
      WHOLE_PLAN,
    )
    .option(
      '--threads <n>',
      'caller threads: 1 runs calls on the main thread (on a worker thread when the embedded agent is started); more spreads them over worker threads',
      flag((v) => parsePositiveInt('--threads', v)),
      1,
    )
    .addOption(
      new Option(
        '--graceful-stop <d>',
        'at the end, how long calls in flight may finish before they are hung up',
      )
        .argParser(flag((v) => parseDuration('--graceful-stop', v)))
        .default(30_000, '30s'),
    )
    .addOption(
      new Option('--stats-interval <d>', 'stats.csv and timeline interval')
        .argParser(flag((v) => parseDuration('--stats-interval', v)))
        .default(10_000, '10s'),
    )
    .option(
      '-t, --threshold <metric=expr>',
      'pass/fail criterion on the whole run in k6 syntax, repeatable',
      collect((v) => parseThresholdOption(v)),
      [],
    )
    .option('--tts-cache <dir>', 'cache of synthesized caller speech', 'recordings/.cache/tts')
    .option(
      '--start-at <time>',
      'prepare, then start the plan at this moment: ISO-8601 with a zone (2026-12-04T23:00:00Z) or +duration (+30s); shards given the same moment run together',
      flag((v) => parseStartAt('--start-at', v)),
    )
    .addOption(
      new Option(
        '--late-start <fail|ok>',
        'when ready after --start-at: fail (exit 2, nothing dialed) or ok (start at once)',
      )
        .argParser(flag((v) => parseLateStart('--late-start', v)))
        .default(false, 'fail'),
    )
    .option(
      '--allow-llm-callers',
      `policy: llm callers ask their model (OPENAI_API_KEY) for replies missing from ${CALLER_CACHE_FILE}; without it they run from that cache only and a miss fails the call`,
    )
    .option(
      '--llm-concurrency <n>',
      `with --allow-llm-callers: caller-model requests in flight at most, over all threads (default ${DEFAULT_LLM_CONCURRENCY})`,
      flag((v) => parsePositiveInt('--llm-concurrency', v)),
    )
    .option('--dry-run', 'check the options and scenario files, print the plan, dial nothing')
    .addOption(new Option('--plain', 'plain progress lines even on a terminal').hideHelp())
    .addHelpText(
      'after',
      `
Executors (pick one):
  --vus N --duration D            constant-vus: N calls at once for D
  --stages 30s:10,2m:100,30s:0    ramping-vus: ramp concurrency linearly to each target
  --rate 5/s --duration D         constant-arrival-rate (open model; --max-in-flight caps calls in flight, default 1000)
  --rate-stages 1m:5/s,2m:20/s    ramping-arrival-rate (from --rate, default 0/s)
  --find-limit [--budget …]       constant-VU steps (doubling, then bisecting) until a budget breaks

Load metrics for --threshold/--budget: turn_latency_ms, ttfb_ms, call_duration_ms, send_lateness_ms
(p(N), avg, med, min, max, count); call_failure_rate, call_pass_rate, offered_call_pass_rate,
entity_exact_rate, dropped_calls (rate, count).

Goal-driven callers with policy: llm run from the reply cache ${CALLER_CACHE_FILE} (fill it with
\`callbench run\`): no request is made, a reply missing from it fails the call, and a scenario the
cache holds nothing of is refused (exit 2). --allow-llm-callers asks the model for misses
(CALLBENCH_CALLER_MODEL at OPENAI_BASE_URL with OPENAI_API_KEY), --llm-concurrency at once.

Exit codes: 0 thresholds held (find-limit: a limit was found) · 1 a threshold failed (find-limit: no level held) · 2 invalid input · 3 harness error · 130 interrupted

Examples:
  callbench load scenarios/ --agent ws://127.0.0.1:8080/media --vus 50 --duration 2m
  callbench load --mix scenarios/orders=3,scenarios/benefits=1 --voices all --stages 30s:20,1m:20,10s:0 -a ws://…
  callbench load scenarios/orders --find-limit --budget 'turn_latency_ms=p(95)<800' --step-duration 30s
  callbench load scenarios/ -a ws://… --rate 10/s --duration 5m --shard 2/4 -o out/shard-2
  callbench load scenarios/ -a ws://… --stages 1m:200,5m:200 --shard 2/4 --start-at 2026-12-04T23:00:00Z`,
    )
    .action(async (paths: string[], opts: LoadFlags & { plain?: boolean }, command: Command) => {
      const problems: string[] = [];
      const mode = chooseMode(opts, problems);
      // These have defaults, so only commander knows whether the user gave them.
      const findLimitOnly = FIND_LIMIT_ONLY.filter(
        ([key]) => command.getOptionValueSource(key) === 'cli',
      ).map(([, flag]) => flag);
      if (!opts.findLimit && findLimitOnly.length)
        problems.push(`${findLimitOnly.join(', ')}: for --find-limit only (this run has no steps)`);
      const mix = [...paths.map((path) => ({ path, weight: 1 })), ...opts.mix];
      if (mix.length === 0)
        problems.push('no scenarios: give scenario files or directories, or --mix path=weight,…');
      if (opts.llmConcurrency !== undefined && !opts.allowLlmCallers)
        problems.push(
          '--llm-concurrency applies with --allow-llm-callers only (without it llm callers make no request)',
        );
      if (mode?.kind === 'find-limit' && opts.shard.count > 1)
        problems.push(
          '--find-limit cannot be sharded: each step decides the next from what it measured (run it on one machine)',
        );
      if (problems.length || !mode) {
        io.stderr(
          `callbench: invalid options — nothing was dialed:\n${problems.map((p) => `  ${p}`).join('\n')}\n(add --help for usage)\n`,
        );
        return setExit(ExitCode.InvalidInput);
      }
      // policy: llm callers: from the reply cache `callbench run` fills, unless the user lets them ask.
      const llmCallers: LlmCallerSettings = {
        endpoint: callerEndpointFromEnv(io.env),
        cacheFile: resolve(io.cwd, CALLER_CACHE_FILE),
        allowRequests: opts.allowLlmCallers === true,
        maxRequests: opts.llmConcurrency ?? DEFAULT_LLM_CONCURRENCY,
      };
      if (opts.dryRun) {
        const checked = await describeDryRun({
          mix,
          mode,
          shard: opts.shard,
          startAtMs: opts.startAt ?? null,
          agentUrl: opts.agent,
          thresholds: opts.threshold,
          cwd: io.cwd,
          llmCallers,
        });
        if (checked.errors.length) {
          io.stderr(
            `callbench: invalid input — nothing was dialed:\n${checked.errors.map((e) => `  ${e}`).join('\n')}\n`,
          );
          return setExit(ExitCode.InvalidInput);
        }
        io.stdout(checked.text);
        return setExit(ExitCode.Passed);
      }
      const outProblem = await prepareOutDir(resolve(io.cwd, opts.out), {
        fs: io.outDirFs,
        shownAs: opts.out,
      });
      if (outProblem) {
        io.stderr(`callbench: ${outProblem} — nothing was dialed\n`);
        return setExit(ExitCode.InvalidInput);
      }
      const progress = new ProgressPrinter(io.stdout, io.isTty && !opts.plain);
      let outcome: Awaited<ReturnType<typeof runLoad>>;
      try {
        outcome = await runLoad({
          mix,
          voices: opts.voices ?? null,
          seed: opts.seed,
          agentUrl: opts.agent,
          startAgent: opts.agent ? undefined : () => startEmbeddedAgent(io),
          outDir: opts.out,
          ttsCacheDir: opts.ttsCache,
          cwd: io.cwd,
          signal: io.signal,
          mode,
          shard: opts.shard,
          threads: opts.threads,
          gracefulStopMs: opts.gracefulStop,
          statsIntervalSec: opts.statsInterval / 1000,
          thresholds: opts.threshold,
          llmCallers,
          progress,
          ...(opts.startAt !== undefined
            ? { startAt: { atMs: opts.startAt, lateStartOk: opts.lateStart } }
            : {}),
        });
      } catch (err) {
        // A disk that fills (or goes away) mid-run is said plainly, not as an internal error.
        const problem = describeWriteError(err);
        if (problem === null) throw err;
        io.stderr(
          `callbench: could not write the load reports to ${opts.out}: ${problem}\nreports NOT written: some of summary.json, load.json, stats.csv, histograms.json, report.html\n`,
        );
        return setExit(ExitCode.HarnessError);
      }
      if (outcome.kind === 'invalid') {
        io.stderr(
          `callbench: invalid input — nothing was dialed:\n${outcome.errors.map((e) => `  ${e}`).join('\n')}\n`,
        );
        return setExit(ExitCode.InvalidInput);
      }
      io.stdout(formatLoadSummary(outcome.summary));
      io.stdout(
        `\nreports: ${opts.out}/ (report.html, summary.json, load.json, stats.csv, calls.csv, histograms.json)\n`,
      );
      if (outcome.summary.interrupted) return setExit(ExitCode.Interrupted);
      if (mode.kind === 'find-limit')
        return setExit(outcome.summary.findLimit?.limit ? ExitCode.Passed : ExitCode.Failed);
      setExit(outcome.summary.passed ? ExitCode.Passed : ExitCode.Failed);
    });
}

/** Exactly one executor, from the flags given; problems name the flags. */
function chooseMode(o: LoadFlags, problems: string[]): LoadMode | null {
  const chosen = [
    o.vus !== undefined && '--vus',
    o.stages && '--stages',
    (o.rate !== undefined || o.rateStages) && (o.rateStages ? '--rate-stages' : '--rate'),
    o.findLimit && '--find-limit',
  ].filter((x): x is string => typeof x === 'string');
  if (chosen.length !== 1) {
    problems.push(
      chosen.length === 0
        ? 'choose an executor: --vus N --duration D, --stages …, --rate R --duration D, --rate-stages …, or --find-limit'
        : `choose one executor, not ${chosen.join(' and ')}`,
    );
    return null;
  }
  const open = o.rate !== undefined || o.rateStages !== undefined;
  if (o.maxInFlight !== undefined && !open)
    problems.push('--max-in-flight applies to the open model only (--rate, --rate-stages)');
  if (o.duration !== undefined && (o.stages || o.rateStages || o.findLimit))
    problems.push(
      `--duration does not apply to ${chosen[0]} (${o.findLimit ? 'use --step-duration' : 'stages carry their own durations'})`,
    );
  if (!o.findLimit && (o.budget.length || o.step !== undefined))
    problems.push(
      '--budget and --step apply to --find-limit only (use --threshold for a run’s pass/fail)',
    );
  let plan: LoadPlan | null = null;
  if (o.vus !== undefined) {
    if (o.duration === undefined)
      problems.push('--vus needs --duration, e.g. --vus 50 --duration 2m');
    else
      plan = {
        model: 'closed',
        executor: 'constant-vus',
        start: o.vus,
        stages: [{ durationMs: o.duration, target: o.vus }],
      };
  } else if (o.stages) {
    plan = { model: 'closed', executor: 'ramping-vus', start: 0, stages: o.stages };
  } else if (o.rateStages) {
    plan = {
      model: 'open',
      executor: 'ramping-arrival-rate',
      start: o.rate ?? 0,
      stages: o.rateStages,
      maxInFlight: o.maxInFlight ?? 1000,
    };
  } else if (o.rate !== undefined) {
    if (o.duration === undefined)
      problems.push(
        '--rate needs --duration (or use --rate-stages), e.g. --rate 5/s --duration 2m',
      );
    else if (o.rate <= 0) problems.push('--rate must be above 0 calls per second');
    else
      plan = {
        model: 'open',
        executor: 'constant-arrival-rate',
        start: o.rate,
        stages: [{ durationMs: o.duration, target: o.rate }],
        maxInFlight: o.maxInFlight ?? 1000,
      };
  }
  if (o.findLimit) {
    const budgets = o.budget.length
      ? o.budget
      : DEFAULT_BUDGETS.flatMap((b) => parseThresholdOption(b));
    if (o.start > o.maxVus) problems.push(`--start ${o.start} is above --max-vus ${o.maxVus}`);
    return {
      kind: 'find-limit',
      budgets,
      stepDurationMs: o.stepDuration,
      stepRampMs: o.stepRamp,
      search: { start: o.start, step: o.step ?? null, max: o.maxVus, maxSteps: o.maxSteps },
    };
  }
  if (plan && plan.stages.reduce((a, s) => a + s.durationMs, 0) <= 0)
    problems.push('the plan lasts 0 s: give a duration above 0');
  return plan ? { kind: 'plan', plan } : null;
}
