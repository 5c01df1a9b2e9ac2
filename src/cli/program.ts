/** The command tree; testable in-process with a fake CliIo. */
import { Command, CommanderError } from 'commander';
import { ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { agentCommand } from './commands/agent.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { loadCommand } from './commands/load.ts';
import { mergeCommand } from './commands/merge.ts';
import { voicesCommand } from './commands/voices.ts';

export const VERSION = '0.1.0';

/** Parses `argv` (without node and script) and runs the command; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.Passed;
  const setExit = (code: ExitCode): void => {
    exitCode = code;
  };
  const program = new Command('callbench')
    .description(
      'Test phone voice agents the way Twilio and a caller would: latency, entities, barge-in, load.',
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)');
  for (const command of [
    runCommand(io, setExit),
    validateCommand(io, setExit),
    agentCommand(io, setExit),
    reportCommand(io, setExit),
    loadCommand(io, setExit),
    mergeCommand(io, setExit),
    voicesCommand(io, setExit),
  ]) {
    program.addCommand(
      command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }),
    );
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; usage errors are invalid input.
      return err.exitCode === 0 ? ExitCode.Passed : ExitCode.InvalidInput;
    }
    io.stderr(
      `callbench: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return ExitCode.HarnessError;
  }
  return exitCode;
}
