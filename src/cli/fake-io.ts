/** A CliIo for in-process CLI tests: output collected in `out` and `err`. */
import type { CliIo } from './io.ts';

export function fakeIo(
  signal = new AbortController().signal,
  cwd = process.cwd(),
): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    signal,
    isTty: false,
    env: {},
    cwd,
  };
  return io;
}
