/** The only file that touches process.*: wires the real world into the CLI. */
import { runCli } from './program.ts';
import { Shutdown } from './shutdown.ts';

const controller = new AbortController();
const shutdown = new Shutdown({
  abort: () => controller.abort(),
  exit: (code) => process.exit(code),
  write: (text) => void process.stderr.write(text),
});
// `callbench … | head`: a reader that went away is not an error of ours (as in git and k6).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
process.on('SIGINT', () => shutdown.onSignal('SIGINT'));
process.on('SIGTERM', () => shutdown.onSignal('SIGTERM'));

const code = await runCli(process.argv.slice(2), {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  signal: controller.signal,
  isTty: Boolean(process.stdout.isTTY),
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = shutdown.finalCode(code);
