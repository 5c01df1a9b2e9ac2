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
import { runPassed } from '../../metrics/run-summary.ts';
import { consoleReporter } from '../../report/console.ts';
import { RECORD_MODES, type RecordMode } from '../../report/recording.ts';
import { parseThresholdOption, type Threshold } from '../../thresholds/parse.ts';
import type { AudioTranscriber } from '../../transcribe/audio-transcriber.ts';
import { transcriberFromEnv } from '../../transcribe/transcriber-from-env.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';

export function runCommand(io: CliIo, setExit: (code: ExitCode) => void): Command {
  return new Command('run')
    .description('Play scenario files against a Twilio Media Streams agent and report what the caller heard')
    .argument('<paths...>', 'scenario files or directories (searched recursively for *.yaml, *.yml)')
    .option('-a, --agent <url>', "the agent's Media Streams WebSocket URL, e.g. ws://127.0.0.1:8080/media (default: start the embedded reference agent)")
    .option('-o, --out <dir>', 'where to write report.html, summary.json, calls.csv, turns.csv, events.jsonl, recordings/', 'reports/latest')
    .option('-c, --concurrency <n>', 'calls in flight at once', positiveInt, 1)
    .option('--repeat <n>', 'run each scenario n times and report its pass rate (flakiness)', positiveInt, 1)
    .option('-t, --threshold <metric=expr>', 'pass/fail criterion in k6 syntax, repeatable: turn_latency_ms=p(95)<800, call_pass_rate=rate>=0.95', collectThreshold, [])
    .option('--tts-cache <dir>', 'cache of synthesized caller speech', 'recordings/.cache/tts')
    .addOption(
      new Option('--agent-speech <evidence>', "what judges the agent's words (says, reads_back): its side channel when it reports them, else a transcript of the audio (auto); or only one; or both, which must agree")
        .choices(['auto', 'side_channel', 'transcript', 'both'])
        .default('auto'),
    )
    .option('--judge-cache <file>', 'LLM judge verdicts cached here, so re-runs are stable (judge used when OPENAI_API_KEY or OPENAI_BASE_URL is set; model: CALLBENCH_JUDGE_MODEL)', '.callbench/judge-cache.json')
    .addOption(new Option('--record <calls>', 'stereo WAV per call under <out>/recordings/ (caller left, agent as heard right)').choices(RECORD_MODES).default('failed'))
    .option('--redact', 'mask entity values and digit runs (card, phone numbers) in transcripts, CSVs, junit.xml and report.html', false)
    .addHelpText(
      'after',
      `
Exit codes: 0 all calls passed and thresholds held · 1 a call or threshold failed · 2 invalid input · 3 harness error · 130 interrupted

Examples:
  callbench run scenarios/ --agent ws://127.0.0.1:8080/media
  callbench run scenarios/orders/status.yaml -a wss://my-agent.example.com/media -c 4 -o reports/run1`,
    )
    .action(async (paths: string[], opts: { agent?: string; out: string; concurrency: number; ttsCache: string; threshold: Threshold[]; repeat: number; agentSpeech: SpeechEvidence; judgeCache: string; record: RecordMode; redact: boolean }) => {
      // The heard-speech transcriber: CALLBENCH_TRANSCRIBER / OPENAI_API_KEY pick it; a bad setting dials nothing.
      let transcriber: AudioTranscriber;
      try {
        transcriber = transcriberFromEnv(io.env);
      } catch (err) {
        io.stderr(`callbench: invalid input — nothing was dialed:\n  ${err instanceof Error ? err.message : String(err)}\n`);
        return setExit(ExitCode.InvalidInput);
      }
      const judge = judgeFromEnv(io.env, resolve(io.cwd, opts.judgeCache));
      const caller = await callerPolicyFromEnv(io.env, resolve(io.cwd, '.callbench/caller-cache.json'));
      let outcome: Awaited<ReturnType<typeof runSuite>>;
      try {
        outcome = await runSuite({
          paths,
          agentUrl: opts.agent,
          startAgent: opts.agent ? undefined : () => startEmbeddedAgent(io),
          outDir: opts.out,
          concurrency: opts.concurrency,
          thresholds: opts.threshold,
          repeat: opts.repeat,
          ttsCacheDir: opts.ttsCache,
          agentSpeech: opts.agentSpeech,
          record: opts.record,
          redact: opts.redact,
          fsddDir: resolveFsddDir(io.env),
          ...(judge ? { judge } : {}),
          ...('factory' in caller ? { callerPolicy: caller.factory } : { callerPolicyMissing: caller.missing }),
          transcriber,
          signal: io.signal,
          cwd: io.cwd,
          reporters: [consoleReporter(io.stdout, { color: io.isTty })],
        });
      } finally {
        await Promise.all([judge?.close(), transcriber.close()]);
      }
      if (outcome.kind === 'invalid') {
        io.stderr(`callbench: invalid input — nothing was dialed:\n${outcome.errors.map((e) => `  ${e}`).join('\n')}\n`);
        return setExit(ExitCode.InvalidInput);
      }
      for (const e of outcome.reporterErrors) io.stderr(`callbench: ${e}\n`);
      io.stdout(`\nreports: ${opts.out}/report.html (and summary.json, calls.csv, turns.csv, entities.csv, expectations.csv, events.jsonl, junit.xml${opts.record === 'none' ? '' : ', recordings/'})\n`);
      const s = outcome.summary;
      if (s.interrupted) return setExit(ExitCode.Interrupted);
      if (outcome.reporterErrors.length) return setExit(ExitCode.HarnessError);
      setExit(runPassed(s) ? ExitCode.Passed : ExitCode.Failed);
    });
}

/** The reference agent on a free loopback port, for runs without --agent. */
export async function startEmbeddedAgent(io: CliIo): Promise<LocalAgent> {
  // The shipped scenarios assume a fixed "today", so dates in them mean the same every run.
  const config = resolveAgentConfig({ port: 0, today: io.env.AGENT_TODAY ?? REFERENCE_TODAY }, io.env);
  io.stdout(`no --agent: testing the reference agent (stt=${config.stt}, brain=${config.brain}, tts=${config.tts}, today=${config.today})\n`);
  const agent = await startReferenceAgent(config, io.env, (m) => io.stderr(`agent: ${m}\n`));
  return { url: agent.mediaUrl, close: () => agent.close() };
}

/** The date the shipped scenarios are written for when the reference agent is started for them. */
export const REFERENCE_TODAY = '2026-11-10';

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
