/**
 * `policy: llm`: the caller's next line from any OpenAI-compatible chat endpoint (openai@6), as a
 * structured reply `{ say, dtmf, hangup }`, at temperature 0 with a fixed seed. Every reply is
 * cached by (prompt version, model, conversation so far), so re-runs are identical and free.
 *
 * It never rejects: a timeout, refusal, HTTP error or malformed reply gives the fallback line
 * ("Sorry, could you say that again?") with `reason.error` set, which fails the call with that
 * error; a reply missing from the cache without a client (replay only) does the same, and hangs
 * up after it.
 */
import OpenAI from 'openai';
import type { LimitFunction } from 'p-limit';
import type { CallerGoal } from '../../scenario/types.ts';
import { callerCacheKey, callerPromptKey, type ReplyCache } from './caller-cache.ts';
import { move, type CallerMove, type CallerPolicy, type HeardTurn } from './policy.ts';

export const CALLER_PROMPT_VERSION = 1;
export const DEFAULT_CALLER_MODEL = 'gpt-4o-mini';
const FALLBACK_LINE = 'Sorry, could you say that again?';
const SEED = 7;

export interface LlmCallerOptions {
  /** null: replay from the cache only (no key, or a load run without --allow-llm-callers). */
  client: OpenAI | null;
  model: string;
  cache: ReplyCache;
  timeoutMs: number;
  /** The error a reply missing from the cache gives when there is no client (default: no key). */
  cacheMissError?: string;
  /** Caps the requests in flight (a load run's many calls); the timeout starts when a request does. */
  limit?: LimitFunction;
}

const REPLY_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'caller_reply',
    strict: true,
    schema: {
      type: 'object',
      properties: {
        say: { type: ['string', 'null'] },
        dtmf: { type: ['string', 'null'] },
        hangup: { type: 'boolean' },
      },
      required: ['say', 'dtmf', 'hangup'],
      additionalProperties: false,
    },
  },
} as const;

export function systemPrompt(goal: CallerGoal): string {
  const facts = goal.facts.map((f) => `${f.name} (${f.type}): ${f.value}`).join('; ') || 'none';
  const p = goal.persona;
  return [
    "You are a person calling a company's phone line. You talk to its voice agent. Stay in role: you are the caller, never the agent.",
    `Your goal: ${goal.goal}.`,
    `What you know (give a value only when asked for it): ${facts}.`,
    `How you talk: short phone sentences; spell codes ${p.spellsCodes === 'nato' ? 'with NATO words' : p.spellsCodes === 'as_in' ? 'as "A as in apple"' : 'letter by letter'}; say digits one by one in words; patience: ${p.patience}.`,
    'If the agent reads a value back, say yes when it is right, or "no, it\'s …" with the right value. Use the keypad (dtmf) only when asked to press or enter keys.',
    'When your goal is done and the agent asks if there is anything else, say no thanks and set hangup true.',
    'Answer only with JSON: {"say": words to say or null, "dtmf": keys to press (0-9 * #) or null, "hangup": true or false}.',
  ].join('\n');
}

type Message = { role: 'system' | 'user' | 'assistant'; content: string };
type Asked = { content: string } | { error: string };

/** Reads `{ say, dtmf, hangup }` from the model's text (a ```json fence or words around it are tolerated). */
export function parseCallerReply(
  content: string,
):
  | { ok: true; say: string | null; dtmf: string | null; hangup: boolean }
  | { ok: false; problem: string } {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end < start)
    return {
      ok: false,
      problem: `the caller model's answer is not JSON: ${JSON.stringify(content.slice(0, 80))}`,
    };
  let value: unknown;
  try {
    value = JSON.parse(content.slice(start, end + 1));
  } catch {
    return {
      ok: false,
      problem: `the caller model's answer is not valid JSON: ${JSON.stringify(content.slice(0, 80))}`,
    };
  }
  const { say, dtmf, hangup } = value as Record<string, unknown>;
  const text = (x: unknown): x is string | null =>
    x === null || x === undefined || typeof x === 'string';
  if (!text(say) || !text(dtmf) || (hangup !== undefined && typeof hangup !== 'boolean'))
    return {
      ok: false,
      problem: `the caller model's answer has the wrong shape: ${JSON.stringify(content.slice(0, 80))}`,
    };
  const keys = typeof dtmf === 'string' ? dtmf.replace(/[^0-9*#A-D]/g, '') : '';
  return {
    ok: true,
    say: typeof say === 'string' && say.trim() !== '' ? say.trim() : null,
    dtmf: keys === '' ? null : keys,
    hangup: hangup === true,
  };
}

export class LlmPolicy implements CallerPolicy {
  private readonly messages: Message[];
  private readonly prompt: string;

  constructor(
    goal: CallerGoal,
    private readonly options: LlmCallerOptions,
  ) {
    const system = systemPrompt(goal);
    this.messages = [{ role: 'system', content: system }];
    this.prompt = callerPromptKey(CALLER_PROMPT_VERSION, options.model, system);
  }

  async decide(heard: HeardTurn, signal: AbortSignal): Promise<CallerMove> {
    this.messages.push({
      role: 'user',
      content: heard.text.trim() === '' ? '(the agent says nothing)' : heard.text,
    });
    const { model, cache } = this.options;
    const key = callerCacheKey(CALLER_PROMPT_VERSION, model, this.messages);
    const reason = { policy: 'llm' as const, intent: 'llm', pattern: null, fact: null };
    const hit = await cache.get(key);
    if (hit)
      return this.remember(
        move(
          hit.say,
          { ...reason, note: 'cached' },
          { dtmf: hit.dtmf, hangup: hit.hangup, goalReached: hit.hangup },
        ),
      );
    const client = this.options.client;
    // Replay only: every later turn would miss too (the fallback line is now part of the
    // conversation), so the caller says its fallback line and hangs up rather than talk on.
    if (client === null)
      return this.fallback(
        reason,
        this.options.cacheMissError ??
          `reply not in the cache and no OPENAI_API_KEY to ask ${model}`,
        true,
      );
    const limit = this.options.limit ?? ((ask: () => Promise<Asked>) => ask());
    const asked = await limit(() => this.ask(client, signal));
    if ('error' in asked) return this.fallback(reason, asked.error);
    const parsed = parseCallerReply(asked.content);
    if (!parsed.ok) return this.fallback(reason, parsed.problem);
    await cache.set(key, {
      say: parsed.say,
      dtmf: parsed.dtmf,
      hangup: parsed.hangup,
      model,
      prompt: this.prompt,
    });
    return this.remember(
      move(parsed.say, reason, {
        dtmf: parsed.dtmf,
        hangup: parsed.hangup,
        goalReached: parsed.hangup,
      }),
    );
  }

  /** One request for the conversation so far: the model's text, or why there is none. */
  private async ask(client: OpenAI, signal: AbortSignal): Promise<Asked> {
    // A call hung up while its request waited for a free slot asks nothing.
    if (signal.aborted) return { error: 'the call ended before the caller model was asked' };
    const { model } = this.options;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const completion = await client.chat.completions.create(
        {
          model,
          messages: this.messages,
          temperature: 0,
          seed: SEED,
          response_format: REPLY_FORMAT,
        },
        { signal: AbortSignal.any([signal, timeout]), maxRetries: 1 },
      );
      const choice = completion.choices[0];
      if (choice?.message.refusal)
        return { error: `the caller model refused: ${choice.message.refusal}` };
      return { content: choice?.message.content ?? '' };
    } catch (error) {
      if (timeout.aborted)
        return { error: `the caller model did not answer within ${this.options.timeoutMs} ms` };
      const message =
        error instanceof OpenAI.APIError && error.status !== undefined
          ? `HTTP ${error.status}: ${error.message}`
          : error instanceof Error
            ? error.message
            : String(error);
      return { error: `the caller model could not be reached: ${message}` };
    }
  }

  private remember(m: CallerMove): CallerMove {
    this.messages.push({
      role: 'assistant',
      content: JSON.stringify({ say: m.say, dtmf: m.dtmf, hangup: m.hangup }),
    });
    return m;
  }

  private fallback(reason: CallerMove['reason'], error: string, hangup = false): CallerMove {
    return this.remember(move(FALLBACK_LINE, { ...reason, note: 'fallback', error }, { hangup }));
  }
}
