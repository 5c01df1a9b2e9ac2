/** `callbench agent`: start the reference agent (the composition root may import agent/). */
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  BRAIN_CHOICES,
  resolveAgentConfig,
  STORE_CHOICES,
  STT_CHOICES,
  TTS_CHOICES,
  type AgentFlags,
} from '../../../agent/config.ts';
import { startReferenceAgent } from '../../../agent/start.ts';
import { FAULTS, parseFaults, type Fault } from '../../../agent/faults.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';

export function agentCommand(io: CliIo, setExit: (code: ExitCode) => void): Command {
  return new Command('agent')
    .description(
      'Start the reference phone agent (Twilio Media Streams): offline by default, cloud providers when keys are set',
    )
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('-p, --port <n>', 'port to listen on (0: any free port)', port, 8080)
    .option('--public-url <url>', 'the https:// base URL Twilio reaches (behind a tunnel or proxy)')
    .addOption(
      new Option('--stt <name>', 'speech recognizer').choices([...STT_CHOICES]).default('auto'),
    )
    .addOption(
      new Option('--brain <name>', 'dialog brain').choices([...BRAIN_CHOICES]).default('auto'),
    )
    .addOption(
      new Option('--tts <name>', 'speech synthesizer').choices([...TTS_CHOICES]).default('auto'),
    )
    .option('--voice <name>', 'flite voice of the embedded TTS (slt, rms, awb, kal, kal16)', 'kal')
    .option('--stt-threads <n>', 'worker threads for the embedded recognizer', threads, 2)
    .option(
      '--today <date>',
      'fix "today" for the embedded brain and store (YYYY-MM-DD), for reproducible tests',
    )
    .addOption(
      new Option(
        '--store <scope>',
        'bookings: one store for every call (shared, as deployed) or a fresh one from the seed data per call (per-call, independent test calls)',
      )
        .choices([...STORE_CHOICES])
        .default('shared'),
    )
    .option(
      '--fault <names>',
      `deliberate faults, to test your tests (comma-separated: ${FAULTS.join(', ')}); never for real callers`,
      faults,
    )
    .addHelpText(
      'after',
      `
Endpoints: POST /twilio/voice (TwiML), GET /media (WebSocket), GET /healthz, GET /calls, GET /calls/:callSid
Environment: TWILIO_AUTH_TOKEN (require signatures), OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL,
  ASSEMBLYAI_API_KEY, ELEVENLABS_API_KEY / ELEVENLABS_VOICE_ID ("auto" uses a cloud provider when its key is set)`,
    )
    .action(async ({ fault, ...flags }: AgentFlags & { fault?: Fault[] }) => {
      let config;
      try {
        // commander names the option after its flag (--fault → fault); the config calls the list faults.
        config = resolveAgentConfig(
          fault === undefined ? flags : { ...flags, faults: fault },
          io.env,
        );
      } catch (err) {
        io.stderr(`callbench agent: ${err instanceof Error ? err.message : String(err)}\n`);
        return setExit(ExitCode.InvalidInput);
      }
      const agent = await startReferenceAgent(config, io.env, (m) => io.stderr(`${m}\n`));
      io.stdout(
        `reference agent listening: ${agent.mediaUrl} (webhook ${agent.httpUrl}/twilio/voice)\n` +
          `providers: stt=${config.stt} brain=${config.brain} tts=${config.tts}, store ${config.store}${config.twilioAuthToken ? ', signatures required' : ''}\n` +
          (config.faults.length
            ? `DELIBERATE FAULTS: ${config.faults.join(', ')} (this agent is wrong on purpose)\n`
            : '') +
          `test it: callbench run scenarios --agent ${agent.mediaUrl}\n`,
      );
      await new Promise<void>((resolve) =>
        io.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      await agent.close();
      setExit(ExitCode.Passed);
    });
}

function faults(value: string): Fault[] {
  try {
    return parseFaults(value);
  } catch (err) {
    throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
  }
}

function threads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 16)
    throw new InvalidArgumentError('expected a whole number, 1–16');
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port number, 0–65535');
  return n;
}
