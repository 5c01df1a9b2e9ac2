/** The only file that touches process.*: wires the real world into the CLI. */
import { runCli } from './program.ts';
import { ExitCode } from './exit-codes.ts';

const controller = new AbortController();
let interrupts = 0;
const onSignal = (name: string) => (): void => {
  interrupts++;
  if (interrupts > 1) process.exit(ExitCode.Interrupted); // a second Ctrl-C means "now"
  process.stderr.write(`\ncallbench: ${name} — hanging up calls and writing what was done (press Ctrl-C again to quit at once)\n`);
  controller.abort();
};
process.on('SIGINT', onSignal('interrupted'));
process.on('SIGTERM', onSignal('terminated'));

const code = await runCli(process.argv.slice(2), {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  signal: controller.signal,
  isTty: Boolean(process.stdout.isTTY),
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
