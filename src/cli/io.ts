/** What commands may use of the outside world; main.ts provides the real one, tests a fake. */
import type { OutDirFs } from '../util/out-dir-check.ts';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Aborted on Ctrl-C / SIGTERM. */
  signal: AbortSignal;
  isTty: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** The file system the --out check uses (default: the real one); tests inject a hung one. */
  outDirFs?: OutDirFs;
}
