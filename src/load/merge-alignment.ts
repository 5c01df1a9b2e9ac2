/**
 * Lining shards up for `callbench merge` (merge-checks.ts has refused shards of different tests
 * first: plan, seed, scenarios, voices, split, start moment, stats interval): their stats intervals
 * are combined by the wall-clock time they cover — not by their index since each shard's own start, which mixes
 * different moments when shards start apart.
 *
 * A timeline entry ends `tSec` after its run's origin: the agreed --start-at moment, else the run's
 * actual start. Entries are placed in the merged interval that holds their midpoint, on a grid
 * from the earliest origin, so a shard that started late (or has a shorter last interval) still
 * adds each interval's calls to the right moment.
 */
import { LoadAggregates } from './aggregates.ts';
import type { LoadRecord, ShardStarts, TimelineEntry } from './load-record.ts';

/** How far apart the shards' plans actually started. */
export function shardStarts(records: readonly LoadRecord[]): ShardStarts {
  const startAt = records[0]?.startAt ?? null;
  const starts = records.map((r) => ({
    shard: r.shards.join('+'),
    startedAt: r.startedAt,
    lateByMs: startAt === null ? null : Math.round(Date.parse(r.startedAt) - Date.parse(startAt)),
  }));
  const times = records.map((r) => Date.parse(r.startedAt));
  return {
    startAt,
    spreadMs: times.length ? Math.round(Math.max(...times) - Math.min(...times)) : 0,
    starts,
  };
}

/** One line for the console: the spread, and the latest shard against --start-at. */
export function formatShardStarts(s: ShardStarts): string {
  if (s.starts.length < 2) return '';
  const late = s.starts
    .filter((x) => x.lateByMs !== null)
    .sort((a, b) => (b.lateByMs ?? 0) - (a.lateByMs ?? 0))[0];
  const against =
    s.startAt === null
      ? "no --start-at: intervals aligned by each shard's own start time"
      : `--start-at ${s.startAt}; latest: shard ${late?.shard} ${late?.lateByMs} ms after it`;
  return `shard starts: spread ${s.spreadMs} ms (${against})\n`;
}

interface Placed {
  bucket: number;
  /** Seconds on the merged grid the entry covers. */
  fromSec: number;
  toSec: number;
  entry: TimelineEntry;
}

/** The shards' timelines on one wall-clock grid. */
export function mergeTimelines(records: readonly LoadRecord[]): TimelineEntry[] {
  if (records.length === 0) return [];
  const origins = records.map(originMs);
  const grid = Math.min(...origins);
  const intervalSec = records[0].statsIntervalSec ?? inferInterval(records);
  const perRecord: Placed[][] = records.map((r, i) => {
    const offsetSec = (origins[i] - grid) / 1000;
    // The first interval begins at the run's actual start (after its origin when it started late).
    let previousEndSec = Math.max(0, (Date.parse(r.startedAt) - origins[i]) / 1000);
    return r.timeline.map((entry) => {
      const fromSec = offsetSec + previousEndSec;
      const toSec = offsetSec + entry.tSec;
      previousEndSec = entry.tSec;
      return {
        bucket: Math.max(0, Math.floor((fromSec + toSec) / 2 / intervalSec)),
        fromSec,
        toSec,
        entry,
      };
    });
  });
  const buckets = Math.max(0, ...perRecord.flat().map((p) => p.bucket + 1));
  const timeline: TimelineEntry[] = [];
  for (let b = 0; b < buckets; b++) {
    const endSec = (b + 1) * intervalSec;
    // One entry per shard per interval; a shard with two here (a short last interval) is added up.
    const byShard = perRecord.map((placed) =>
      placed.filter((p) => p.bucket === b).map((p) => p.entry),
    );
    const all = byShard.flat();
    if (all.length === 0) continue;
    // Snapshot values (active calls, target) are each shard's latest in the interval; a shard whose
    // sampler skipped this interval end (a busy machine) is read from its entry spanning it.
    const snapshots = perRecord
      .map(
        (placed, i) =>
          byShard[i].at(-1) ?? placed.find((p) => p.fromSec < endSec && p.toSec >= endSec)?.entry,
      )
      .filter((e): e is TimelineEntry => e !== undefined);
    const interval = new LoadAggregates();
    for (const e of all) interval.add(LoadAggregates.fromJSON(e.interval));
    const sum = (pick: (e: TimelineEntry) => number | undefined): number | undefined =>
      snapshots.some((e) => pick(e) !== undefined)
        ? snapshots.reduce((a, e) => a + (pick(e) ?? 0), 0)
        : undefined;
    const vus = sum((e) => e.targetConcurrency);
    const rate = sum((e) => e.arrivalRatePerSec);
    timeline.push({
      tSec: round1(endSec),
      activeCalls: snapshots.reduce((a, e) => a + e.activeCalls, 0),
      ...(vus !== undefined ? { targetConcurrency: round1(vus) } : {}),
      ...(rate !== undefined ? { arrivalRatePerSec: round1(rate) } : {}),
      eventLoopDelayP99Ms: Math.max(...all.map((e) => e.eventLoopDelayP99Ms)),
      // Shards run on separate machines: the worst one says whether a generator struggled.
      cpuPercent: Math.max(...all.map((e) => e.cpuPercent)),
      interval: interval.toJSON(),
    });
  }
  return timeline;
}

/** Where a record's timeline counts from, ms since the epoch. */
function originMs(r: LoadRecord): number {
  return Date.parse(r.startAt ?? r.startedAt);
}

/** Older records do not say their interval: the first full one tells it. */
function inferInterval(records: readonly LoadRecord[]): number {
  const firsts = records
    .map((r) => r.timeline[0]?.tSec)
    .filter((x): x is number => x !== undefined && x > 0);
  return firsts.length ? Math.max(1, Math.round(Math.max(...firsts))) : 10;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
