/**
 * One call's view of the tools: the store is shared by all calls, but what a call has
 * established (which member it verified) and the log of its tool calls are its own. The log is
 * what `GET /calls/:callSid` shows.
 */
import type { ToolCallRecord, ToolDefinition, ToolRunner } from '../providers/types.ts';
import type { AcmeStore } from './store.ts';
import { runTool, TOOL_DEFINITIONS, type ToolContext } from './tools.ts';

export interface CallToolRunnerOptions {
  /** ms since call start, for `atMs`; default: ms since the runner was created. */
  clock?: () => number;
}

export class CallToolRunner implements ToolRunner {
  readonly definitions: ToolDefinition[] = TOOL_DEFINITIONS;
  /** Every call made through this runner, in order, with its result. */
  readonly log: ToolCallRecord[] = [];
  private readonly context: ToolContext;
  private readonly clock: () => number;

  constructor(store: AcmeStore, options: CallToolRunnerOptions = {}) {
    this.context = { store, verifiedMembers: new Set() };
    const start = performance.now();
    this.clock = options.clock ?? (() => Math.round((performance.now() - start) * 10) / 10);
  }

  async call(name: string, args: Record<string, unknown>): Promise<unknown> {
    const atMs = this.clock();
    let result: unknown;
    try {
      result = runTool(name, args, this.context);
    } catch (error) {
      // A bug in a tool must not end the call: report it like any other failed tool.
      result = {
        ok: false,
        error: 'internal_error',
        message: error instanceof Error ? error.message : String(error),
      };
    }
    this.log.push({
      id: `tool-${this.log.length + 1}`,
      name,
      arguments: structuredClone(args),
      result,
      atMs,
    });
    return result;
  }
}
