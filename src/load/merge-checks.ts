/**
 * What `callbench merge` refuses before adding anything up: the same run given twice, shards
 * that overlap (the same shard twice, or shards of different splits), and runs that disagree on
 * what was run (plan, seed, scenario mix, voices) or on how it was timed (--start-at, stats
 * interval: the wall-clock alignment in merge-alignment.ts needs one grid). Merging any of these would count calls twice
 * or mix different experiments while looking like one clean result. `--force` turns each
 * refusal into a warning.
 */
import type { LoadRecord } from './load-record.ts';

export interface MergeInput {
  /** The directory as the user gave it. */
  dir: string;
  record: LoadRecord;
}

export interface MergeCheck {
  /** Reasons to refuse, each naming the directories concerned. */
  problems: string[];
  /** Worth saying even when merging: e.g. shards missing from the set. */
  notes: string[];
}

export function checkMergeInputs(inputs: readonly MergeInput[]): MergeCheck {
  const problems: string[] = [];
  const notes: string[] = [];
  // ---- the same run twice, or the same shard twice ----
  const holder = new Map<string, MergeInput>();
  for (const input of inputs) {
    for (const shard of input.record.shards) {
      const other = holder.get(shard);
      if (!other) {
        holder.set(shard, input);
        continue;
      }
      if (
        other.record.startedAt === input.record.startedAt &&
        sameShards(other.record, input.record)
      ) {
        problems.push(
          `${other.dir} and ${input.dir} are the same run (shard ${shard}, started ${input.record.startedAt}) given twice: its calls would be counted twice`,
        );
      } else {
        problems.push(
          `${other.dir} and ${input.dir} both hold shard ${shard}: shards overlap, so calls would be counted twice (merge each shard's output once)`,
        );
      }
    }
  }
  // ---- splits that do not fit together: 1/2 and 1/3 cover some of the same calls ----
  const counts = new Map<number, string[]>();
  for (const input of inputs)
    for (const shard of input.record.shards)
      counts.set(shardCount(shard), [...(counts.get(shardCount(shard)) ?? []), input.dir]);
  if (counts.size > 1) {
    const described = [...counts.entries()]
      .map(([n, dirs]) => `${[...new Set(dirs)].join(', ')} split the plan ${n} way(s)`)
      .join('; ');
    problems.push(`the runs are shards of different splits (${described}): their calls overlap`);
  } else if (counts.size === 1 && problems.length === 0) {
    const [n] = [...counts.keys()];
    const present = new Set(inputs.flatMap((i) => i.record.shards));
    const absent = Array.from({ length: n }, (_, i) => `${i + 1}/${n}`).filter(
      (s) => !present.has(s),
    );
    if (absent.length)
      notes.push(
        `shard${absent.length > 1 ? 's' : ''} ${absent.join(', ')} of ${n} not given: the merged report covers part of the plan`,
      );
  }
  // ---- different experiments ----
  const first = inputs[0];
  if (first) {
    for (const [what, pick] of IDENTITY) {
      const differing = inputs.filter((i) => pick(i.record) !== pick(first.record));
      if (differing.length)
        problems.push(
          `${first.dir} and ${differing.map((i) => i.dir).join(', ')} disagree on the ${what}: ${pick(first.record)} vs ${pick(differing[0].record)} — these are different runs, not shards of one`,
        );
    }
  }
  return { problems, notes };
}

/** What must be equal for records to be shards of one run. */
const IDENTITY: readonly [string, (r: LoadRecord) => string][] = [
  ['seed', (r) => String(r.seed)],
  ['plan', (r) => JSON.stringify(r.plan)],
  ['scenarios', (r) => JSON.stringify(r.scenarios.map((s) => `${s.name}×${s.weight}`).sort())],
  ['voices', (r) => JSON.stringify(r.voices)],
  ['--start-at', (r) => r.startAt ?? 'none'],
  [
    '--stats-interval',
    (r) => (r.statsIntervalSec === undefined ? 'unrecorded' : `${r.statsIntervalSec}s`),
  ],
];

function sameShards(a: LoadRecord, b: LoadRecord): boolean {
  return a.shards.join(',') === b.shards.join(',');
}

function shardCount(label: string): number {
  return Number(label.split('/')[1]);
}

export interface MergeOptions {
  /** Merge despite the problems found (each becomes a warning). */
  force?: boolean;
  /** Receives warnings: forced problems and notes. */
  warn?: (message: string) => void;
}

/** Thrown when inputs must not be merged; its message lists every problem (one a line). */
export class MergeRefused extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `refusing to merge (--force merges anyway):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    this.name = 'MergeRefused';
  }
}

/** Throws MergeRefused unless the inputs may be merged (or `force`); warns about the rest. */
export function enforceMergeChecks(
  dirs: readonly string[],
  records: readonly LoadRecord[],
  options: MergeOptions = {},
): void {
  const { problems, notes } = checkMergeInputs(dirs.map((dir, i) => ({ dir, record: records[i] })));
  if (problems.length && !options.force) throw new MergeRefused(problems);
  for (const p of problems) options.warn?.(`merging anyway (--force): ${p}`);
  for (const n of notes) options.warn?.(n);
}
