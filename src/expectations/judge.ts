/**
 * An optional LLM judge for success criteria written in words ("the agent confirmed the new
 * appointment time before hanging up"): one chat-completions request per (criterion, transcript)
 * to any OpenAI-compatible endpoint, answered as strict JSON `{"passed": boolean, "reason": string}`.
 *
 * It never throws: a judge that cannot be reached, times out, is cancelled or answers something
 * other than the verdict JSON gives a failed verdict whose reason says so (and `problem` says which),
 * so one flaky request fails one criterion instead of the run. Only real verdicts are cached
 * (judge-cache.ts); problems are retried on the next run.
 */
import OpenAI from 'openai';
import { JudgeCache, judgeCacheKey } from './judge-cache.ts';

export interface JudgeOptions {
  /** Any OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1; undefined = api.openai.com. */
  baseUrl?: string;
  apiKey: string;
  model: string;
  /** The verdict cache, e.g. `.callbench/judge-cache.json`. */
  cacheFile: string;
  /** Cancels every pending request (the run is being stopped). */
  signal?: AbortSignal;
  /** Per criterion, retries included; default 60 s. */
  timeoutMs?: number;
  /** SDK retries of 429 / 5xx / connection errors; default 2 (a CI judge can afford to wait). */
  maxRetries?: number;
}

/** Why a verdict is not the model's judgement (absent when it is). */
export type JudgeProblem = 'unreachable' | 'malformed_answer' | 'cancelled';

export interface JudgeVerdict {
  passed: boolean;
  reason: string;
  /** Came from the cache file: no request was made. */
  cached: boolean;
  /** Set when the criterion could not be judged; `passed` is then false and `reason` says why. */
  problem?: JudgeProblem;
}

export interface Judge {
  judge(criterion: string, transcript: string): Promise<JudgeVerdict>;
  /** Waits for cache writes to finish. Throws if the cache file could not be written. */
  close(): Promise<void>;
}

export const DEFAULT_JUDGE_MODEL = 'gpt-4o-mini';
const DEFAULT_TIMEOUT_MS = 60_000;
/** Bump when the instructions below change in a way that could change verdicts (it keys the cache). */
export const JUDGE_PROMPT_VERSION = 1;

const SYSTEM_PROMPT = [
  'You judge phone calls between a caller and a voice agent.',
  'You get one success criterion and the call transcript. Decide whether the transcript shows the criterion was met.',
  'Judge only from the transcript: if it does not show the criterion was met, it was not met.',
  'Answer with only a JSON object, no other text: {"passed": true or false, "reason": "one short sentence citing what in the transcript decided it"}.',
].join(' ');

/** The structured-output schema: servers that support it (OpenAI, llama-server, vLLM, Ollama) are held to exactly this shape. */
const VERDICT_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'verdict',
    strict: true,
    schema: {
      type: 'object',
      properties: { passed: { type: 'boolean' }, reason: { type: 'string' } },
      required: ['passed', 'reason'],
      additionalProperties: false,
    },
  },
} as const;

function userPrompt(criterion: string, transcript: string): string {
  return `Success criterion:\n${criterion.trim()}\n\nTranscript:\n<<<\n${transcript.trim()}\n>>>`;
}

type Parsed = { ok: true; passed: boolean; reason: string } | { ok: false; problem: string };

const SNIPPET_CHARS = 120;
function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat);
}

/**
 * Reads the verdict from the model's text. Defensive because not every compatible server honours
 * response_format: a ```json fence or words around the object are tolerated, but the object itself
 * must have a boolean `passed` and a string `reason` — "true" as a string is not guessed at.
 */
export function parseVerdict(content: string): Parsed {
  const text = content.trim();
  if (text === '') return { ok: false, problem: 'the judge gave an empty answer' };
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start)
    return { ok: false, problem: `the judge's answer is not JSON: ${snippet(text)}` };
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch {
    return { ok: false, problem: `the judge's answer is not valid JSON: ${snippet(text)}` };
  }
  // The text from the first '{' to the last '}' parses to an object whenever it parses at all.
  const { passed, reason } = value as Record<string, unknown>;
  if (typeof passed !== 'boolean')
    return {
      ok: false,
      problem: `the judge's answer has no boolean "passed" (got ${passed === undefined ? 'none' : JSON.stringify(passed)}): ${snippet(text)}`,
    };
  if (typeof reason !== 'string' || reason.trim() === '')
    return { ok: false, problem: `the judge's answer has no "reason" text: ${snippet(text)}` };
  return { ok: true, passed, reason: reason.trim() };
}

function errorMessage(error: unknown): string {
  if (error instanceof OpenAI.APIError && error.status !== undefined)
    return `HTTP ${error.status}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

class LlmJudge implements Judge {
  private readonly client: OpenAI;
  private readonly cache: JudgeCache;
  private readonly timeoutMs: number;
  private readonly where: string;
  /** Cleared after a server rejects response_format, so later requests go without it. */
  private structuredOutput = true;

  constructor(private readonly options: JudgeOptions) {
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      maxRetries: options.maxRetries ?? 2,
    });
    this.cache = new JudgeCache(options.cacheFile);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.where = `${options.model} at ${options.baseUrl ?? 'api.openai.com'}`;
  }

  async judge(criterion: string, transcript: string): Promise<JudgeVerdict> {
    const { model } = this.options;
    const key = judgeCacheKey(JUDGE_PROMPT_VERSION, model, criterion, transcript);
    const hit = await this.cache.get(key);
    if (hit) return { passed: hit.passed, reason: hit.reason, cached: true };
    if (this.options.signal?.aborted)
      return this.unjudged('cancelled', 'the judge was cancelled before it could answer');

    // One deadline for the whole criterion (SDK retries and the response_format fallback included).
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
    let content: string;
    try {
      content = await this.ask(criterion, transcript, signal);
    } catch (error) {
      if (this.options.signal?.aborted)
        return this.unjudged('cancelled', 'the judge was cancelled before it could answer');
      if (timeout.aborted)
        return this.unjudged(
          'unreachable',
          `the judge could not be reached (${this.where}): no answer within ${this.timeoutMs} ms`,
        );
      return this.unjudged(
        'unreachable',
        `the judge could not be reached (${this.where}): ${errorMessage(error)}`,
      );
    }
    const parsed = parseVerdict(content);
    if (!parsed.ok) return this.unjudged('malformed_answer', `${parsed.problem} (${this.where})`);
    await this.cache.set(key, { passed: parsed.passed, reason: parsed.reason, model });
    return { passed: parsed.passed, reason: parsed.reason, cached: false };
  }

  close(): Promise<void> {
    return this.cache.flush();
  }

  private unjudged(problem: JudgeProblem, reason: string): JudgeVerdict {
    return { passed: false, reason, cached: false, problem };
  }

  /** The model's answer text. A 400 with response_format set is retried once without it (older compatible servers). */
  private async ask(criterion: string, transcript: string, signal: AbortSignal): Promise<string> {
    const request = {
      model: this.options.model,
      temperature: 0,
      messages: [
        { role: 'system' as const, content: SYSTEM_PROMPT },
        { role: 'user' as const, content: userPrompt(criterion, transcript) },
      ],
    };
    const send = async (structured: boolean): Promise<string> => {
      const completion = await this.client.chat.completions.create(
        structured ? { ...request, response_format: VERDICT_FORMAT } : request,
        { signal, timeout: this.timeoutMs },
      );
      const choice = completion.choices[0];
      if (choice === undefined) return '';
      // A refusal or a cut-off answer is not a verdict; say so rather than parse half of one.
      if (choice.message.refusal) return `refused: ${choice.message.refusal}`;
      if (choice.finish_reason === 'length')
        return `cut off (finish_reason length): ${choice.message.content ?? ''}`;
      return choice.message.content ?? '';
    };
    if (!this.structuredOutput) return send(false);
    try {
      return await send(true);
    } catch (error) {
      if (!(error instanceof OpenAI.BadRequestError)) throw error;
      this.structuredOutput = false;
      return send(false);
    }
  }
}

export function createJudge(options: JudgeOptions): Judge {
  return new LlmJudge(options);
}

/** What a local OpenAI-compatible server gets as a key; the SDK insists on one. */
const PLACEHOLDER_API_KEY = 'no-key-needed';

export const JUDGE_CHOICES = ['off', 'openai'] as const;

/**
 * The judge asked for, or null. The judge reads the call's conversation, so it runs only when the
 * user says so — `--judge` or CALLBENCH_JUDGE=openai — never because a key is in the environment:
 * - CALLBENCH_JUDGE: `off` (default) or `openai` (the flag wins over it);
 * - OPENAI_API_KEY: the key (api.openai.com unless OPENAI_BASE_URL says otherwise);
 * - OPENAI_BASE_URL: any OpenAI-compatible endpoint; set alone (a local server) it needs no key;
 * - CALLBENCH_JUDGE_MODEL: the model (default gpt-4o-mini);
 * - CALLBENCH_JUDGE_TIMEOUT_MS: per criterion (default 60000).
 * Without one, criteria in words are reported as not judged.
 */
export function judgeFromEnv(
  env: NodeJS.ProcessEnv,
  cacheFile: string,
  flag = false,
): Judge | null {
  const choice = flag ? 'openai' : env.CALLBENCH_JUDGE || 'off';
  if (!(JUDGE_CHOICES as readonly string[]).includes(choice))
    throw new Error(
      `CALLBENCH_JUDGE must be one of ${JUDGE_CHOICES.join(', ')} (or unset), got "${choice}"`,
    );
  if (choice === 'off') return null;
  const baseUrl = env.OPENAI_BASE_URL || undefined;
  const apiKey = env.OPENAI_API_KEY || (baseUrl ? PLACEHOLDER_API_KEY : undefined);
  if (apiKey === undefined)
    throw new Error(
      'the LLM judge (--judge, CALLBENCH_JUDGE=openai) needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server)',
    );
  const rawTimeout = env.CALLBENCH_JUDGE_TIMEOUT_MS;
  const timeoutMs = rawTimeout ? Number(rawTimeout) : undefined;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new Error(
      `CALLBENCH_JUDGE_TIMEOUT_MS must be a positive number of milliseconds (or unset), got "${rawTimeout}"`,
    );
  }
  const options: JudgeOptions = {
    apiKey,
    model: env.CALLBENCH_JUDGE_MODEL || DEFAULT_JUDGE_MODEL,
    cacheFile,
  };
  if (baseUrl !== undefined) options.baseUrl = baseUrl;
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  return createJudge(options);
}
