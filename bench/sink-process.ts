/**
 * The sink agent (bench/sink-agent.ts) in its own process, so the generator being measured does
 * not share a thread with the agent it calls: start it, ask it for its counters, stop it.
 */
import { fork } from 'node:child_process';
import { resolve } from 'node:path';

export interface SinkReport {
  calls: number;
  mediaReceived: number;
  cpuPercent: number;
}

export interface Sink {
  url: string;
  report(): Promise<SinkReport>;
  stop(): void;
}

/** `goalReplies`: the sink serves a side channel for goal-driven callers, saying goodbye as that reply. */
export async function startSink(options: { goalReplies?: number } = {}): Promise<Sink> {
  const child = fork(resolve('bench/sink-agent.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ...(options.goalReplies ? { SINK_GOAL_REPLIES: String(options.goalReplies) } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((res) =>
    child.once('message', (m) => res((m as { port: number }).port)),
  );
  return {
    url: `ws://127.0.0.1:${port}/media`,
    report: () =>
      new Promise((res) => {
        child.once('message', (m) => res((m as { report: SinkReport }).report));
        child.send('report');
      }),
    stop: () => child.send('exit'),
  };
}
