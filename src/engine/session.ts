/**
 * A session: what every run and load run sets up before its first call and tears down after its
 * last — the agent option checked, scenarios made playable with one synthesizer (created at first
 * need, closed when preparing is over), the output directory made and proved writable, and the
 * embedded agent started and stopped when no agent URL was given. Nothing here touches process.*.
 */
import type { WebhookDefaults } from '../caller/call-setup.ts';
import { resolve } from 'node:path';
import type { PreparedScenario } from '../caller/call.ts';
import { prepareScenario, ScenarioSkipped } from '../caller/prepare.ts';
import type { VadFactory } from '../audio/vad.ts';
import type { Scenario } from '../scenario/types.ts';
import { FliteTts } from '../speech/flite.ts';
import { prepareOutDir } from '../util/out-dir-check.ts';
import type { LocalAgent } from './types.ts';
import type { SkippedScenario } from '../results/scored-call.ts';

/** Where the calls go: an agent's URL, or a way to start one. */
export interface AgentChoice {
  /** The agent's Media Streams WebSocket URL (ws:// or wss://)… */
  agentUrl?: string;
  /** …or a way to start one, called once the scenarios are valid and their audio is ready. */
  startAgent?: () => Promise<LocalAgent>;
  /** …or webhook first (issue #13): POST `webhookUrl` (or a scenario's `call.webhook`) and dial the stream its TwiML names. */
  webhook?: WebhookDefaults;
}

/** Problems with the agent option (empty when it is usable). */
export function checkAgentChoice(choice: AgentChoice): string[] {
  if (choice.agentUrl === undefined)
    return choice.startAgent || choice.webhook?.webhookUrl
      ? []
      : ['no agent: give an agent URL (--agent ws://…)'];
  const error = checkAgentUrl(choice.agentUrl);
  return error ? [error] : [];
}

export function checkAgentUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `--agent "${url}" is not a URL; expected ws://host:port/path or wss://…`;
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')
    return `--agent must be a ws:// or wss:// URL, got ${parsed.protocol}//`;
  if (parsed.search)
    return `--agent must not carry a query string: Twilio does not support one in a Stream URL (use scenario "parameters", sent as <Parameter>s)`;
  return null;
}

export interface PrepareAllOptions {
  vadFactory: VadFactory;
  ttsCacheDir: string;
  fsddDir?: string;
  /**
   * Scenarios this machine cannot play (ScenarioSkipped) are listed here and left out; without
   * it they are an error like any other. PrepareError always propagates (the caller reports it).
   */
  skipped?: SkippedScenario[];
}

/** Every scenario framed and its speech synthesized (cached), with one synthesizer for all of them. */
export async function prepareAll(
  scenarios: readonly Scenario[],
  options: PrepareAllOptions,
): Promise<PreparedScenario[]> {
  const synth: { tts: Promise<FliteTts> | null } = { tts: null };
  const getTts = (): Promise<FliteTts> => (synth.tts ??= FliteTts.create());
  const ttsCacheDir = resolve(options.ttsCacheDir);
  const plans: PreparedScenario[] = [];
  try {
    for (const scenario of scenarios) {
      try {
        plans.push(
          await prepareScenario(scenario, {
            vadFactory: options.vadFactory,
            getTts,
            ttsCacheDir,
            ...(options.fsddDir === undefined ? {} : { fsddDir: options.fsddDir }),
          }),
        );
      } catch (err) {
        if (!(err instanceof ScenarioSkipped) || !options.skipped) throw err;
        options.skipped.push({ scenario: err.scenario, file: err.file, reason: err.reason });
      }
    }
    return plans;
  } finally {
    if (synth.tts) await (await synth.tts).close();
  }
}

/** The running part of a session: the output directory exists and the agent is reachable at `agentUrl`. */
export interface OpenSession {
  outDir: string;
  agentUrl: string;
  /** The agent this session started, or null when it calls one given by URL. */
  local: LocalAgent | null;
}

/** The output directory could not be made or written: nothing was dialed. */
export interface OutDirProblem {
  kind: 'invalid';
  errors: string[];
}

/**
 * Makes the output directory (and proves it writable, before any call is dialed), starts the
 * local agent when no URL was given, runs `body`, and stops the local agent whatever happens.
 * Call once inputs are checked and scenarios prepared.
 */
export async function withSession<T>(
  options: AgentChoice & { outDir: string },
  body: (session: OpenSession) => Promise<T>,
): Promise<T | OutDirProblem> {
  const outDir = resolve(options.outDir);
  const outProblem = await prepareOutDir(outDir, { shownAs: options.outDir });
  if (outProblem) return { kind: 'invalid', errors: [outProblem] };
  const local =
    options.agentUrl === undefined && options.startAgent ? await options.startAgent() : null;
  try {
    return await body({
      outDir,
      agentUrl: local?.url ?? options.agentUrl ?? options.webhook?.webhookUrl ?? '',
      local,
    });
  } finally {
    await local?.close();
  }
}
