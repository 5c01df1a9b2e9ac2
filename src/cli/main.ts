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
// `callbench … | head`: a reader that went away is not an error of ours (as in git and k6).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
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
