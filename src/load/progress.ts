/**
 * Live progress of a load run: on a terminal one status line rewritten every second; otherwise
 * (CI logs) a plain line every `plainEverySec`. Generator warnings always get a line of their own
 * at once.
 */
import type { GeneratorWarning } from '../report/load-data.ts';
import type { GeneratorState } from '../engine/generator/watchdog.ts';

export interface ProgressSnapshot {
  tSec: number;
  active: number;
  /** What the executor aims for, e.g. "40 VUs" or "5.0 calls/s". */
  target: string;
  started: number;
  ended: number;
  failed: number;
  dropped: number;
  turnLatencyP50Ms: number | null;
  turnLatencyP95Ms: number | null;
  generator: GeneratorState;
  cpuPercent: number;
  sendLatenessP99Ms: number | null;
}

export function formatProgress(s: ProgressSnapshot): string {
  const ms = (x: number | null): string => (x === null ? '–' : `${Math.round(x)}`);
  const gen = s.generator === 'ok' ? 'ok' : s.generator === 'strained' ? 'strained' : 'BOTTLENECK';
  return [
    `t=${formatElapsed(s.tSec)}`,
    `active ${s.active} (target ${s.target})`,
    `started ${s.started}`,
    `ended ${s.ended}`,
    `failed ${s.failed}`,
    ...(s.dropped > 0 ? [`dropped ${s.dropped}`] : []),
    `turn p50/p95 ${ms(s.turnLatencyP50Ms)}/${ms(s.turnLatencyP95Ms)} ms`,
    `generator ${gen} (cpu ${Math.round(s.cpuPercent)}%, send p99 ${s.sendLatenessP99Ms === null ? '–' : s.sendLatenessP99Ms.toFixed(1)} ms)`,
  ].join(' | ');
}

function formatElapsed(sec: number): string {
  const m = Math.floor(sec / 60);
  const s = Math.floor(sec % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

export class ProgressPrinter {
  private lastPlainSec = -Infinity;
  private lineOpen = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly isTty: boolean,
    private readonly plainEverySec = 10,
  ) {}

  update(s: ProgressSnapshot): void {
    if (this.isTty) {
      this.write(`\r\x1b[2K${formatProgress(s)}`);
      this.lineOpen = true;
    } else if (s.tSec - this.lastPlainSec >= this.plainEverySec) {
      this.lastPlainSec = s.tSec;
      this.write(`${formatProgress(s)}\n`);
    }
  }

  warn(w: GeneratorWarning): void {
    this.endLine();
    this.write(`WARNING t=${w.tSec}s: ${w.message}\n`);
  }

  note(text: string): void {
    this.endLine();
    this.write(`${text}\n`);
  }

  endLine(): void {
    if (this.lineOpen) this.write('\n');
    this.lineOpen = false;
  }
}
