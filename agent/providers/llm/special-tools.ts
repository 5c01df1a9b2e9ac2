/**
 * Tools that steer the call rather than the business: the brain turns them into `hangup` and
 * `transfer` outputs. The names are shared with agent/tools (which may define them too, e.g. to
 * record a transfer reason) and with scenarios that expect them in tool-call logs.
 */
import type { BrainOutput, ToolDefinition } from '../types.ts';

export const END_CALL_TOOL = 'end_call';
export const TRANSFER_TOOL = 'transfer_to_human';

export const END_CALL_DEFINITION: ToolDefinition = {
  name: END_CALL_TOOL,
  description:
    'End the phone call. Call this after saying goodbye, once the caller has nothing else to ask.',
  parameters: { type: 'object', properties: {}, additionalProperties: false },
};

export const TRANSFER_DEFINITION: ToolDefinition = {
  name: TRANSFER_TOOL,
  description:
    'Hand the call to a human agent, when the caller asks for a person or you cannot help. Tell the caller first.',
  parameters: {
    type: 'object',
    properties: {
      reason: { type: 'string', description: 'Why the caller needs a human, in a few words.' },
    },
    required: ['reason'],
    additionalProperties: false,
  },
};

export const SPECIAL_TOOL_DEFINITIONS: readonly ToolDefinition[] = [
  END_CALL_DEFINITION,
  TRANSFER_DEFINITION,
];

/** The call-control output a special tool call stands for, or undefined for a business tool. */
export function callControlFor(
  name: string,
  args: Record<string, unknown>,
): BrainOutput | undefined {
  if (name === END_CALL_TOOL) return { type: 'hangup' };
  if (name === TRANSFER_TOOL) {
    const reason =
      typeof args.reason === 'string' && args.reason.trim()
        ? args.reason.trim()
        : 'caller asked for a human';
    return { type: 'transfer', reason };
  }
  return undefined;
}

/** The runner's tools plus the special ones it does not define itself. */
export function withSpecialTools(definitions: readonly ToolDefinition[]): ToolDefinition[] {
  const names = new Set(definitions.map((d) => d.name));
  return [...definitions, ...SPECIAL_TOOL_DEFINITIONS.filter((d) => !names.has(d.name))];
}
