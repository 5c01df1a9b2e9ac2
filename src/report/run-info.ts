/**
 * `run.json`: what a run was asked to do and when it ran — the agent, the thresholds, the plan,
 * the directory paths were shown relative to. Written when the run starts and again when it
 * ends, so `callbench report` can rebuild summary.json and junit.xml exactly.
 */
import { writeFileAtomic } from './atomic-write.ts';
import { join } from 'node:path';
import type { SkippedScenario } from '../results/scored-call.ts';
import type { Threshold } from '../thresholds/parse.ts';
import type { Reporter, RunPlan } from './reporter.ts';

export const RUN_JSON = 'run.json';

export interface RunInfo {
  agentUrl: string;
  /** Scenario file paths in junit.xml are shown relative to this directory. */
  cwd: string;
  plan: { scenarios: RunPlan['scenarios']; totalCalls: number; concurrency: number };
  startedAt: string;
  /** null until the run has ended (a run killed hard never gets one). */
  finishedAt: string | null;
  interrupted: boolean;
  thresholds: Threshold[];
  /** Scenarios not run, and why. */
  skipped: SkippedScenario[];
}

export function runInfoReporter(outDir: string, cwd: string): Reporter {
  const path = join(outDir, RUN_JSON);
  let info: RunInfo | null = null;
  const save = (i: RunInfo): Promise<void> =>
    writeFileAtomic(path, JSON.stringify(i, null, 2) + '\n');
  return {
    name: 'run-info',
    onRunStart(plan) {
      info = {
        agentUrl: plan.agentUrl,
        cwd,
        plan: {
          scenarios: plan.scenarios,
          totalCalls: plan.totalCalls,
          concurrency: plan.concurrency,
        },
        startedAt: new Date().toISOString(),
        finishedAt: null,
        interrupted: false,
        thresholds: [],
        skipped: [],
      };
      return save(info);
    },
    onRunEnd(summary) {
      const thresholds = summary.thresholds.map(
        ({ metric, expression, aggregation, operator, value, scenario, tags }) => ({
          metric,
          expression,
          aggregation,
          operator,
          value,
          ...(scenario !== undefined ? { scenario } : {}),
          ...(tags !== undefined ? { tags } : {}),
        }),
      );
      return save({
        ...(info ?? { cwd, plan: { scenarios: [], totalCalls: 0, concurrency: 1 } }),
        agentUrl: summary.agentUrl,
        startedAt: summary.startedAt,
        finishedAt: summary.finishedAt,
        interrupted: summary.interrupted,
        thresholds,
        skipped: summary.skipped,
      });
    },
  };
}
