/**
 * A Brain over any OpenAI-compatible chat-completions endpoint (OpenAI, llama-server, vLLM,
 * Ollama). It streams: text is yielded sentence by sentence while the model writes, so the first
 * sentence is spoken before the reply ends; tool calls are assembled from fragments, run through
 * the ToolRunner, and the model is called again with their results. `end_call` and
 * `transfer_to_human` become `hangup` / `transfer` outputs.
 *
 * One turn at a time: the session aborts (or finishes) a reply before asking for the next.
 * Text pieces are whole sentences or clauses, trimmed; join them with a space.
 *
 * History rules (the API rejects a conversation that breaks them): an assistant message with
 * tool_calls is committed only together with one tool message per call; a turn cut short keeps
 * only the text that was handed out for speaking, and `interrupted()` narrows it to what was heard.
 */
import OpenAI from 'openai';
import { ProviderError } from '../errors.ts';
import type {
  Brain,
  BrainOutput,
  ChatMessage,
  Heard,
  ToolCallRecord,
  ToolDefinition,
  ToolRunner,
} from '../types.ts';
import type { OpenAiLlmConfig } from './config.ts';
import {
  GREETING_REQUEST,
  toOpenAiMessage,
  toOpenAiTool,
  toolResultContent,
  userContentFor,
} from './openai-messages.ts';
import { providerErrorFromOpenAi } from './openai-errors.ts';
import { SentenceChunker, type SentenceChunkerOptions } from './sentence-chunker.ts';
import { callControlFor, withSpecialTools } from './special-tools.ts';
import {
  parseToolArguments,
  ToolCallAssembler,
  type AssembledToolCall,
} from './tool-call-assembler.ts';
import { TurnDeadline } from './turn-deadline.ts';

export interface OpenAiBrainOptions {
  config: OpenAiLlmConfig;
  tools: ToolRunner;
  systemPrompt: string;
  /** A fixed opening line; without one the model writes the greeting (one more round trip). */
  greeting?: string;
  /** Clock for ToolCallRecord.atMs; defaults to ms since the brain was created (≈ call start). */
  clock?: () => number;
  /** Model calls per turn that may use tools; the last allowed call is told to answer in text. */
  maxToolRounds?: number;
  chunker?: SentenceChunkerOptions;
  /** Reuse a client (tests, connection pooling); otherwise one is built from `config`. */
  client?: OpenAI;
  name?: string;
}

/** One model call's output, filled in as it streams so an interrupted call can still be saved. */
interface Step {
  text: string;
  spoken: string[];
  toolCalls: AssembledToolCall[];
  toolMessages: ChatMessage[];
}

/** An assistant message of the last turn and the speakable text handed out for it. */
interface SpokenPart {
  message: Extract<ChatMessage, { role: 'assistant' }>;
  spoken: string;
}

export class OpenAiBrain implements Brain {
  readonly name: string;
  private messages: ChatMessage[];
  private lastTurn: SpokenPart[] = [];
  private readonly client: OpenAI;
  private readonly definitions: ToolDefinition[];
  private readonly clock: () => number;

  constructor(private readonly options: OpenAiBrainOptions) {
    this.name = options.name ?? `openai:${options.config.model}`;
    this.client =
      options.client ??
      new OpenAI({
        apiKey: options.config.apiKey,
        baseURL: options.config.baseURL,
        maxRetries: options.config.maxRetries,
      });
    this.messages = [{ role: 'system', content: options.systemPrompt }];
    this.definitions = withSpecialTools(options.tools.definitions);
    const start = performance.now();
    this.clock = options.clock ?? (() => performance.now() - start);
  }

  /** The conversation so far (for logs and tests). */
  history(): readonly ChatMessage[] {
    return this.messages;
  }

  async *greet(signal: AbortSignal): AsyncGenerator<BrainOutput> {
    const greeting = this.options.greeting;
    if (greeting === undefined) {
      yield* this.runTurn({ role: 'user', content: GREETING_REQUEST }, signal);
      return;
    }
    if (signal.aborted)
      throw new ProviderError({
        provider: this.name,
        kind: 'aborted',
        message: 'aborted by the caller',
      });
    const chunker = new SentenceChunker(this.options.chunker);
    const pieces = [...chunker.push(greeting), ...chunker.flush()];
    const message: SpokenPart['message'] = { role: 'assistant', content: greeting };
    this.messages.push(message);
    this.lastTurn = [{ message, spoken: pieces.join(' ') }];
    for (const text of pieces) yield { type: 'text', text };
  }

  respond(turn: Heard, signal: AbortSignal): AsyncGenerator<BrainOutput> {
    return this.runTurn({ role: 'user', content: userContentFor(turn) }, signal);
  }

  interrupted(heardText: string): void {
    let remaining = heardText.trim();
    for (const part of this.lastTurn) {
      if (remaining.length >= part.spoken.length) {
        // Heard in full: keep the model's own wording.
        remaining = remaining.slice(part.spoken.length).trimStart();
        continue;
      }
      part.message.content = remaining;
      remaining = '';
    }
    this.lastTurn = [];
    this.messages = this.messages.filter(
      (m) => !(m.role === 'assistant' && m.content === '' && !m.toolCalls?.length),
    );
  }

  private async *runTurn(user: ChatMessage, signal: AbortSignal): AsyncGenerator<BrainOutput> {
    const { config } = this.options;
    const deadline = new TurnDeadline(
      this.name,
      signal,
      config.totalTimeoutMs,
      config.firstTokenTimeoutMs,
    );
    deadline.throwIfFired();
    this.messages.push(user);
    this.lastTurn = [];
    const maxRounds = this.options.maxToolRounds ?? 4;
    let step: Step | undefined;
    try {
      for (let round = 1; ; round++) {
        step = { text: '', spoken: [], toolCalls: [], toolMessages: [] };
        yield* this.streamCompletion(step, deadline, round >= maxRounds);
        if (step.toolCalls.length === 0) {
          this.commit(step, true);
          step = undefined;
          return;
        }
        const control: BrainOutput[] = [];
        for (const call of step.toolCalls) {
          const { record, output } = await this.runTool(call, deadline);
          step.toolMessages.push({
            role: 'tool',
            toolCallId: call.id,
            content: toolResultContent(record.result),
          });
          yield { type: 'tool_call', call: record };
          if (output) control.push(output);
        }
        this.commit(step, true);
        step = undefined;
        if (control.length > 0) {
          yield* control;
          return;
        }
      }
    } catch (error) {
      throw deadline.error(error) ?? providerErrorFromOpenAi(this.name, error);
    } finally {
      if (step) this.commit(step, false); // cut short: keep what is consistent
      deadline.dispose();
    }
  }

  /** One model request: yields text as sentences complete, fills `step` with text and tool calls. */
  private async *streamCompletion(
    step: Step,
    deadline: TurnDeadline,
    textOnly: boolean,
  ): AsyncGenerator<BrainOutput> {
    const { config } = this.options;
    const tools = this.definitions.map(toOpenAiTool);
    deadline.armFirstToken();
    const stream = await this.client.chat.completions.create(
      {
        model: config.model,
        messages: this.messages.map(toOpenAiMessage),
        stream: true,
        ...(tools.length > 0 ? { tools, tool_choice: textOnly ? 'none' : 'auto' } : {}),
        ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
      },
      { signal: deadline.signal },
    );
    const chunker = new SentenceChunker(this.options.chunker);
    const assembler = new ToolCallAssembler();
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      if (!delta) continue; // e.g. a usage-only chunk
      if (delta.content) {
        deadline.disarmFirstToken();
        step.text += delta.content;
        for (const text of chunker.push(delta.content)) {
          step.spoken.push(text);
          yield { type: 'text', text };
        }
      }
      if (delta.tool_calls) {
        deadline.disarmFirstToken();
        for (const fragment of delta.tool_calls) assembler.add(fragment);
      }
    }
    // The SDK ends iteration quietly when its signal aborts; say why.
    deadline.throwIfFired();
    for (const text of chunker.flush()) {
      step.spoken.push(text);
      yield { type: 'text', text };
    }
    step.toolCalls = assembler.result();
    if (step.text.trim() === '' && step.toolCalls.length === 0) {
      throw new ProviderError({
        provider: this.name,
        kind: 'protocol',
        retryable: true,
        message: 'the model returned an empty reply (no text, no tool calls)',
      });
    }
  }

  private async runTool(
    call: AssembledToolCall,
    deadline: TurnDeadline,
  ): Promise<{ record: ToolCallRecord; output: BrainOutput | undefined }> {
    const parsed = parseToolArguments(call.arguments);
    const args = parsed.ok ? parsed.value : {};
    const output = callControlFor(call.name, args);
    const atMs = this.clock();
    let result: unknown;
    if (!parsed.ok) {
      result = { error: parsed.error };
    } else if (!this.options.tools.definitions.some((d) => d.name === call.name)) {
      result = output ? { ok: true } : { error: `unknown tool "${call.name}"` };
    } else {
      try {
        result = await deadline.race(this.options.tools.call(call.name, args));
      } catch (error) {
        if (deadline.signal.aborted) throw error;
        // The model can recover from a tool error (apologize, ask again); the call goes on.
        result = { error: error instanceof Error ? error.message : String(error) };
      }
    }
    return { record: { id: call.id, name: call.name, arguments: args, result, atMs }, output };
  }

  /** Appends a step's assistant message (and tool messages, when complete) to the history. */
  private commit(step: Step, finished: boolean): void {
    const complete =
      step.toolCalls.length > 0 && step.toolMessages.length === step.toolCalls.length;
    const spoken = step.spoken.join(' ');
    // A finished step keeps the model's text; one cut short keeps only what went out to be spoken.
    const content = finished || complete ? step.text.trim() : spoken;
    if (complete) {
      const message: SpokenPart['message'] = {
        role: 'assistant',
        content,
        toolCalls: step.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments })),
      };
      this.messages.push(message, ...step.toolMessages);
      if (spoken) this.lastTurn.push({ message, spoken });
      return;
    }
    if (content === '') return;
    const message: SpokenPart['message'] = { role: 'assistant', content };
    this.messages.push(message);
    this.lastTurn.push({ message, spoken });
  }
}
