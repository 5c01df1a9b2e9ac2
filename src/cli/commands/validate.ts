/** `callbench validate`: check scenario files without calling anyone (for editors, pre-commit hooks and CI). */
import { Command } from 'commander';
import { loadScenarios } from '../../scenario/load.ts';
import { resolveFsddDir } from '../../speech/fsdd.ts';
import { formatScenarioError } from '../../scenario/errors.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';

export function validateCommand(io: CliIo, setExit: (code: ExitCode) => void): Command {
  return new Command('validate')
    .description('Check scenario files (syntax, fields, audio paths) without dialing anything')
    .argument(
      '<paths...>',
      'scenario files or directories (searched recursively for *.yaml, *.yml)',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 all valid, 2 a problem was found (each listed as file:line:column field: message).',
    )
    .action(async (paths: string[]) => {
      const { scenarios, errors } = await loadScenarios(paths, { fsddDir: resolveFsddDir(io.env) });
      if (errors.length > 0) {
        io.stderr(
          `${errors.map((e) => formatScenarioError(e, { relativeTo: io.cwd })).join('\n')}\n${errors.length} problem(s) in ${paths.join(', ')}\n`,
        );
        return setExit(ExitCode.InvalidInput);
      }
      if (scenarios.length === 0) {
        io.stderr(`no scenario files (*.yaml, *.yml) found in ${paths.join(', ')}\n`);
        return setExit(ExitCode.InvalidInput);
      }
      const turns = scenarios.reduce((n, s) => n + s.turns.length, 0);
      io.stdout(`${scenarios.length} scenario(s), ${turns} turns: all valid\n`);
      setExit(ExitCode.Passed);
    });
}
