/**
 * Rebuilds tool calls from streamed chat-completion deltas. The OpenAI protocol sends the `id`
 * and `function.name` in a call's first fragment and appends `function.arguments` in later ones,
 * keyed by `index`. Ollama puts every call at index 0, so a new non-empty `id` at an index that
 * already has a different id starts a new call.
 */

export interface ToolCallDelta {
  index: number;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

export interface AssembledToolCall {
  id: string;
  name: string;
  /** The raw JSON text the model wrote. */
  arguments: string;
}

export type ParsedArguments =
  { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

export class ToolCallAssembler {
  private readonly calls: AssembledToolCall[] = [];
  private readonly byIndex = new Map<number, AssembledToolCall>();

  add(delta: ToolCallDelta): void {
    const id = delta.id ?? '';
    let call = this.byIndex.get(delta.index);
    if (!call || (id !== '' && call.id !== '' && id !== call.id)) {
      call = { id: '', name: '', arguments: '' };
      this.calls.push(call);
      this.byIndex.set(delta.index, call);
    }
    if (id !== '' && call.id === '') call.id = id;
    const name = delta.function?.name ?? '';
    // Servers that repeat the full name in every fragment must not produce "end_callend_call".
    if (name !== '' && name !== call.name) call.name += name;
    call.arguments += delta.function?.arguments ?? '';
  }

  get count(): number {
    return this.calls.length;
  }

  /** The calls so far; a call the server sent without an id gets a stable made-up one. */
  result(): AssembledToolCall[] {
    return this.calls
      .filter((call) => call.name !== '')
      .map((call, i) => ({ ...call, id: call.id || `call_${i}` }));
  }
}

/** Parses a call's arguments; an empty string means no arguments. */
export function parseToolArguments(raw: string): ParsedArguments {
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(raw);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return { ok: true, value: value as Record<string, unknown> };
    }
    return { ok: false, error: `arguments must be a JSON object, got ${raw.slice(0, 100)}` };
  } catch (error) {
    return {
      ok: false,
      error: `arguments are not valid JSON (${error instanceof Error ? error.message : String(error)}): ${raw.slice(0, 100)}`,
    };
  }
}
