/** `callbench run`: play scenario files against an agent and write the reports. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { resolveAgentConfig } from '../../../agent/config.ts';
import { startReferenceAgent } from '../../../agent/start.ts';
import { runSuite, type LocalAgent } from '../../api.ts';
import { resolve } from 'node:path';
import type { SpeechEvidence } from '../../expectations/evaluate.ts';
import { judgeFromEnv } from '../../expectations/judge.ts';
import { callerPolicyFromEnv } from '../../caller/converse/llm-from-env.ts';
import { resolveFsddDir } from '../../speech/fsdd.ts';
import { runPassed } from '../../summary/run-summary.ts';
import { consoleReporter } from '../../report/console.ts';
import { RECORD_MODES, type RecordMode } from '../../report/recording.ts';
import { reportsFailed, reportsLine } from '../../report/reports-line.ts';
import { parseThresholdOption, type Threshold } from '../../thresholds/parse.ts';
import type { AudioTranscriber } from '../../transcribe/audio-transcriber.ts';
import {
  TRANSCRIBER_CHOICES,
  transcriberChoice,
  transcriberFromEnv,
} from '../../transcribe/transcriber-from-env.ts';
import { prepareOutDir } from '../../util/out-dir-check.ts';
import { cloudOptInNotice, offlineAgentFlags } from '../cloud-opt-in.ts';
import { webhookOption } from '../webhook-option.ts';
import { ExitCode } from '../exit-codes.ts';
import { AXIS_KEYS, checkAxes, parseMatrixOption, type MatrixAxis } from '../../matrix/axes.ts';
import { matrixConsoleReporter } from '../../report/matrix-reporter.ts';
import type { CliIo } from '../io.ts';
import { CALLER_CACHE_FILE } from '../../caller/converse/caller-cache.ts';

export function runCommand(io: CliIo, setExit: (code: ExitCode) => void): Command {
  return new Command('run')
    .description(
      'Play scenario files against a Twilio Media Streams agent and report what the caller heard',
    )
    .argument(
      '<paths...>',
      'scenario files or directories (searched recursively for *.yaml, *.yml)',
    )
    .option(
      '-a, --agent <url>',
      "the agent's Media Streams WebSocket URL, e.g. ws://127.0.0.1:8080/media (default: start the embedded reference agent)",
    )
    .option(
      '--webhook <url>',
      'call webhook first, as Twilio does: POST this voice webhook (signed when TWILIO_AUTH_TOKEN is set) and dial the <Stream> its TwiML names',
    )
    .option(
      '--public-url <url>',
      'with --webhook: the public origin the agent is known by (e.g. https://agent.example.com); signatures use it, and streams on it are dialled at the --webhook host',
    )
    .option(
      '--status-callback <url>',
      "webhook-first calls: the call's status callback, POSTed when each call ends (CallStatus=completed, CallDuration), signed like the webhook; a failure is a warning",
    )
    .option(
      '-o, --out <dir>',
      'where to write report.html, summary.json, calls.csv, turns.csv, events.jsonl, recordings/',
      'reports/latest',
    )
    .option('-c, --concurrency <n>', 'calls in flight at once', positiveInt, 1)
    .option(
      '--repeat <n>',
      'run each scenario n times and report its pass rate (flakiness)',
      positiveInt,
      1,
    )
    .option(
      '-t, --threshold <metric=expr>',
      'pass/fail criterion in k6 syntax, repeatable: turn_latency_ms=p(95)<800, call_pass_rate=rate>=0.95',
      collectThreshold,
      [],
    )
    .option(
      '--matrix <setting=values>',
      `robustness matrix, repeatable: run every scenario under every combination, e.g. --matrix 'line.noise=off,babble:-35' --matrix 'voice=flite:slt,flite:awb' (settings: ${AXIS_KEYS.join(', ')}); thresholds can be scoped to a condition: -t 'turn_latency_ms{line.noise=babble:-35}=p(95)<900'`,
      collectMatrix,
      [],
    )
    .option('--tts-cache <dir>', 'cache of synthesized caller speech', 'recordings/.cache/tts')
    .addOption(
      new Option(
        '--agent-speech <evidence>',
        "what judges the agent's words (says, reads_back): its side channel when it reports them, else a transcript of the audio (auto); or only one; or both, which must agree",
      )
        .choices(['auto', 'side_channel', 'transcript', 'both'])
        .default('auto'),
    )
    .addOption(
      new Option(
        '--transcriber <which>',
        "what transcribes the agent's audio when an expectation needs its words: embedded (on this machine, default) or openai (sends call audio to OPENAI_BASE_URL; env CALLBENCH_TRANSCRIBER)",
      ).choices(TRANSCRIBER_CHOICES),
    )
    .option(
      '--judge',
      'judge criteria in words with an LLM (sends the conversation to OPENAI_BASE_URL with OPENAI_API_KEY, model CALLBENCH_JUDGE_MODEL; env CALLBENCH_JUDGE=openai)',
      false,
    )
    .option(
      '--judge-cache <file>',
      'LLM judge verdicts cached here, so re-runs are stable',
      '.callbench/judge-cache.json',
    )
    .addOption(
      new Option(
        '--record <calls>',
        'stereo WAV per call under <out>/recordings/ (caller left, agent as heard right)',
      )
        .choices(RECORD_MODES)
        .default('failed'),
    )
    .option(
      '--redact',
      'mask entity values and digit runs (card, phone numbers) in transcripts, CSVs, junit.xml and report.html',
      false,
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 all calls passed and thresholds held · 1 a call or threshold failed · 2 invalid input · 3 harness error · 130 interrupted

Examples:
  callbench run scenarios/ --agent ws://127.0.0.1:8080/media
  callbench run scenarios/orders/status-spelled.yaml -a wss://my-agent.example.com/media -c 4 -o reports/run1`,
    )
    .action(
      async (
        paths: string[],
        opts: {
          agent?: string;
          out: string;
          concurrency: number;
          ttsCache: string;
          threshold: Threshold[];
          matrix: MatrixAxis[];
          repeat: number;
          agentSpeech: SpeechEvidence;
          judgeCache: string;
          record: RecordMode;
          redact: boolean;
          transcriber?: string;
          judge: boolean;
          webhook?: string;
          publicUrl?: string;
          statusCallback?: string;
        },
      ) => {
        const matrixErrors = checkAxes(opts.matrix);
        if (matrixErrors.length) {
          io.stderr(
            `callbench: invalid input — nothing was dialed:\n${matrixErrors.map((e) => `  ${e}`).join('\n')}\n`,
          );
          return setExit(ExitCode.InvalidInput);
        }
        const webhook = webhookOption(opts, io.env);
        if (typeof webhook === 'string') {
          io.stderr(`callbench: invalid input — nothing was dialed:\n  ${webhook}\n`);
          return setExit(ExitCode.InvalidInput);
        }
        // Cloud features only when asked: --transcriber / --judge or their env; a bad setting dials nothing.
        let transcriber: AudioTranscriber;
        let judge: ReturnType<typeof judgeFromEnv> = null;
        try {
          judge = judgeFromEnv(io.env, resolve(io.cwd, opts.judgeCache), opts.judge);
          transcriber = transcriberFromEnv(io.env, opts.transcriber);
        } catch (err) {
          await judge?.close();
          io.stderr(
            `callbench: invalid input — nothing was dialed:\n  ${err instanceof Error ? err.message : String(err)}\n`,
          );
          return setExit(ExitCode.InvalidInput);
        }
        const outProblem = await prepareOutDir(resolve(io.cwd, opts.out), {
          fs: io.outDirFs,
          shownAs: opts.out,
        });
        if (outProblem) {
          await judge?.close();
          io.stderr(`callbench: ${outProblem} — nothing was dialed\n`);
          return setExit(ExitCode.InvalidInput);
        }
        const notice = cloudOptInNotice(io.env, {
          transcriber: transcriberChoice(io.env, opts.transcriber),
          judge: judge !== null,
        });
        if (notice) io.stderr(`${notice}\n`);
        // The caller's LLM is used only by scenarios that ask for it (`policy: llm`): asking is the opt-in.
        const caller = await callerPolicyFromEnv(io.env, resolve(io.cwd, CALLER_CACHE_FILE));
        let outcome: Awaited<ReturnType<typeof runSuite>>;
        try {
          outcome = await runSuite({
            paths,
            agentUrl: opts.agent,
            startAgent: opts.agent || webhook.webhookUrl ? undefined : () => startEmbeddedAgent(io),
            webhook,
            outDir: opts.out,
            concurrency: opts.concurrency,
            thresholds: opts.threshold,
            matrix: opts.matrix,
            repeat: opts.repeat,
            ttsCacheDir: opts.ttsCache,
            agentSpeech: opts.agentSpeech,
            record: opts.record,
            redact: opts.redact,
            fsddDir: resolveFsddDir(io.env),
            ...(judge ? { judge } : {}),
            ...('factory' in caller
              ? { callerPolicy: caller.factory }
              : { callerPolicyMissing: caller.missing }),
            transcriber,
            signal: io.signal,
            cwd: io.cwd,
            reporters: [
              consoleReporter(io.stdout, { color: io.isTty }),
              matrixConsoleReporter(io.stdout),
            ],
          });
        } finally {
          await Promise.all([judge?.close(), transcriber.close()]);
        }
        if (outcome.kind === 'invalid') {
          io.stderr(
            `callbench: invalid input — nothing was dialed:\n${outcome.errors.map((e) => `  ${e}`).join('\n')}\n`,
          );
          return setExit(ExitCode.InvalidInput);
        }
        for (const e of outcome.reporterErrors) io.stderr(`callbench: ${e}\n`);
        io.stdout(`\n${reportsLine(opts.out, outcome.reporterErrors, opts.record)}\n`);
        const s = outcome.summary;
        if (s.interrupted) return setExit(ExitCode.Interrupted);
        if (reportsFailed(outcome.reporterErrors)) return setExit(ExitCode.HarnessError);
        setExit(runPassed(s) ? ExitCode.Passed : ExitCode.Failed);
      },
    );
}

/** The reference agent on a free loopback port, for runs without --agent. */
export async function startEmbeddedAgent(io: CliIo): Promise<LocalAgent> {
  // The shipped scenarios assume a fixed "today", so dates in them mean the same every run; and
  // every call starts from the seed data, so --repeat, concurrency and load do not see the
  // bookings and cancellations of earlier calls.
  const config = resolveAgentConfig(
    {
      port: 0,
      today: io.env.AGENT_TODAY ?? REFERENCE_TODAY,
      store: 'per-call',
      ...offlineAgentFlags(io.env),
    },
    io.env,
  );
  io.stdout(
    `no --agent: testing the reference agent (stt=${config.stt}, brain=${config.brain}, tts=${config.tts}, today=${config.today})\n`,
  );
  const agent = await startReferenceAgent(config, io.env, (m) => io.stderr(`agent: ${m}\n`));
  return { url: agent.mediaUrl, close: () => agent.close() };
}

/** The date the shipped scenarios are written for when the reference agent is started for them. */
export const REFERENCE_TODAY = '2026-11-10';

function collectMatrix(value: string, previous: MatrixAxis[]): MatrixAxis[] {
  try {
    return [...previous, parseMatrixOption(value)];
  } catch (err) {
    throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
  }
}

function collectThreshold(value: string, previous: Threshold[]): Threshold[] {
  try {
    return [...previous, ...parseThresholdOption(value)];
  } catch (err) {
    throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
  }
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}
