/**
 * Conversions between the agent's provider-neutral chat history (types.ts) and the OpenAI
 * chat-completions wire types, and the user-message wording of non-speech turns.
 */
import type {
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import type { ChatMessage, Heard, ToolDefinition } from '../types.ts';

export function toOpenAiMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: message.content };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    case 'assistant':
      if (message.toolCalls && message.toolCalls.length > 0) {
        return {
          role: 'assistant',
          // OpenAI allows null content beside tool calls; empty text would be a spoken nothing.
          content: message.content === '' ? null : message.content,
          tool_calls: message.toolCalls.map((call) => ({
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: call.arguments },
          })),
        };
      }
      return { role: 'assistant', content: message.content };
  }
}

export function toOpenAiTool(definition: ToolDefinition): ChatCompletionTool {
  return {
    type: 'function',
    function: {
      name: definition.name,
      description: definition.description,
      parameters: definition.parameters,
    },
  };
}

/** What the model is told the caller did this turn. */
export function userContentFor(turn: Heard): string {
  switch (turn.source) {
    case 'speech':
      return turn.text;
    case 'dtmf':
      return `(The caller pressed these phone keys: ${turn.text.split('').join(' ')})`;
    case 'silence_timeout':
      return '(The caller said nothing.)';
  }
}

/** The model's greeting request when no fixed greeting is configured. */
export const GREETING_REQUEST =
  '(The call has just connected. Greet the caller in one short sentence and ask how you can help.)';

/** Serializes a tool result for the `tool` message (strings pass through). */
export function toolResultContent(result: unknown): string {
  if (typeof result === 'string') return result;
  try {
    return JSON.stringify(result) ?? 'null';
  } catch {
    return String(result);
  }
}
