/**
 * `junit.xml`: one testcase per call (scenario run) and one per threshold, in the JUnit XML that
 * CI systems (GitHub Actions test reporters, GitLab, Jenkins) read. A failed call's failure names
 * its reason (which turn, which violation); a failed threshold names the value it saw.
 */
import { writeFileAtomic } from './atomic-write.ts';
import { join, relative } from 'node:path';
import type { RunSummary } from '../summary/run-summary.ts';
import type { ScoredCall } from '../results/scored-call.ts';
import type { Reporter } from './reporter.ts';
import { thresholdLabel } from '../thresholds/parse.ts';

interface CaseRecord {
  classname: string;
  name: string;
  seconds: number;
  failure: { type: string; message: string } | null;
  /** Why the scenario was not run (JUnit <skipped>). */
  skipped?: string;
}

export function escapeXml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the five specials are escaped.
  return (
    text
      // eslint-disable-next-line no-control-regex -- the class names the control characters XML allows, to keep them
      .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

export function junitReporter(outDir: string, cwd: string = process.cwd()): Reporter {
  const cases: CaseRecord[] = [];
  return {
    name: 'junit',
    onCallEnd(call: ScoredCall) {
      cases.push({
        classname: relative(cwd, call.file) || call.file,
        name: `${call.scenario} (${call.callId})`,
        seconds: call.metrics.durationMs / 1000,
        failure:
          call.status === 'passed' || call.status === 'not_started'
            ? null
            : { type: call.status, message: call.reason ?? call.status },
        ...(call.status === 'not_started'
          ? { skipped: call.reason ?? 'not started: the run was interrupted first' }
          : {}),
      });
    },
    onRunEnd: (summary) =>
      writeFileAtomic(join(outDir, 'junit.xml'), junitXml(cases, summary, cwd)),
  };
}

function junitXml(calls: readonly CaseRecord[], summary: RunSummary, cwd: string): string {
  const thresholds: CaseRecord[] = summary.thresholds.map((t) => ({
    classname: 'thresholds',
    name: `${thresholdLabel(t)}: ${t.expression}`,
    seconds: 0,
    failure: t.ok
      ? null
      : {
          type: 'threshold',
          message:
            t.actual === null
              ? `${t.metric} had no samples`
              : `${t.metric} was ${Number(t.actual.toFixed(3))}`,
        },
    ...(t.skipped ? { skipped: t.skipped } : {}),
  }));
  const suite = (name: string, cases: readonly CaseRecord[]): string => {
    const failures = cases.filter((c) => c.failure).length;
    const skips = cases.filter((c) => c.skipped !== undefined).length;
    const time = cases.reduce((s, c) => s + c.seconds, 0);
    const body = cases
      .map((c) => {
        const open = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}" time="${c.seconds.toFixed(3)}"`;
        if (c.skipped !== undefined)
          return `${open}>\n      <skipped message="${escapeXml(c.skipped)}"/>\n    </testcase>`;
        if (!c.failure) return `${open}/>`;
        return `${open}>\n      <failure type="${escapeXml(c.failure.type)}" message="${escapeXml(c.failure.message)}">${escapeXml(c.failure.message)}</failure>\n    </testcase>`;
      })
      .join('\n');
    return `  <testsuite name="${name}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skips}" time="${time.toFixed(3)}" timestamp="${summary.startedAt}">\n${body}\n  </testsuite>`;
  };
  const skipped: CaseRecord[] = summary.skipped.map((sk) => ({
    classname: relative(cwd, sk.file) || sk.file,
    name: sk.scenario,
    seconds: 0,
    failure: null,
    skipped: sk.reason,
  }));
  const scenarioCases = [...calls, ...skipped];
  const all = [...scenarioCases, ...thresholds];
  const suites = [
    suite('callbench scenarios', scenarioCases),
    ...(thresholds.length ? [suite('callbench thresholds', thresholds)] : []),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="callbench" tests="${all.length}" failures="${all.filter((c) => c.failure).length}">\n${suites.join('\n')}\n</testsuites>\n`;
}
