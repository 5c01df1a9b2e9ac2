/**
 * What a run directory is missing, so `callbench report` can say so instead of quietly
 * rebuilding "from 0 calls": files absent or empty (a full disk, a killed run), a run that never
 * finished, planned calls with no results, calls whose scores or events are missing.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CALLS_JSONL } from './calls-jsonl.ts';
import { EVENTS_JSONL } from './read-run-dir.ts';
import { RUN_JSON, type RunInfo } from './run-info.ts';

export async function runDirGaps(dir: string): Promise<string[]> {
  const gaps: string[] = [];
  const events = await readOptional(join(dir, EVENTS_JSONL));
  const calls = await readOptional(join(dir, CALLS_JSONL));
  const runJson = await readOptional(join(dir, RUN_JSON));
  let info: RunInfo | null = null;
  if (runJson === null)
    gaps.push(`${RUN_JSON} is missing: the run's plan, thresholds and times are unknown`);
  else if (runJson.trim() === '') gaps.push(`${RUN_JSON} is empty`);
  else {
    try {
      info = JSON.parse(runJson) as RunInfo;
    } catch {
      gaps.push(`${RUN_JSON} is not valid JSON (cut short?)`);
    }
  }
  if (info && info.finishedAt === null)
    gaps.push(
      `the run never finished (${RUN_JSON} has no finishedAt): it was killed, or could not write its end`,
    );
  if (calls === null)
    gaps.push(
      `${CALLS_JSONL} is missing: entities, expectations and transcripts cannot be rebuilt`,
    );
  const eventIds = idsIn(events ?? '');
  const callIds = idsIn(calls ?? '');
  if (events !== null && events.trim() === '' && (info?.plan.totalCalls ?? 0) > 0)
    gaps.push(`${EVENTS_JSONL} is empty although ${info?.plan.totalCalls} call(s) were planned`);
  const withResults = new Set([...eventIds, ...callIds]);
  const planned = info?.plan.totalCalls ?? 0;
  if (info && withResults.size < planned)
    gaps.push(
      `${withResults.size} of ${planned} planned call(s) have results${info.interrupted ? ' (the run was interrupted)' : ''}`,
    );
  const noScores = [...eventIds].filter((id) => calls !== null && !callIds.has(id));
  if (noScores.length)
    gaps.push(
      `${CALLS_JSONL} lacks ${listed(noScores)}: their entities and expectations are missing`,
    );
  const noEvents = [...callIds].filter(
    (id) => events !== null && !eventIds.has(id) && !notStarted(calls ?? '', id),
  );
  if (noEvents.length)
    gaps.push(`${EVENTS_JSONL} lacks the events of ${listed(noEvents)}: their timings are missing`);
  return gaps;
}

function idsIn(jsonl: string): Set<string> {
  const ids = new Set<string>();
  for (const line of jsonl.split('\n')) {
    const m = /"call_id":"([^"]+)"/.exec(line);
    if (m) ids.add(m[1]);
  }
  return ids;
}

/** A call that never started has no events by design. */
function notStarted(callsJsonl: string, id: string): boolean {
  return callsJsonl
    .split('\n')
    .some((l) => l.includes(`"call_id":"${id}"`) && l.includes('"status":"not_started"'));
}

function listed(ids: readonly string[]): string {
  return ids.length <= 3
    ? ids.join(', ')
    : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}

async function readOptional(path: string): Promise<string | null> {
  try {
    if (!(await stat(path)).isFile()) return null;
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}
