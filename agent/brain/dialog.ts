/**
 * One call's dialog: the question being asked, the values gathered, failure counts, and the
 * actions flows take (ask, read back, call a tool, transfer, end). It writes into the Reply of
 * the turn in progress; it never interprets what the caller said (turn-handlers.ts does).
 */
import type { SttContext, ToolRunner } from '../providers/types.ts';
import type { DialogSnapshot, EntityName, Facts, Question } from './dialog-state.ts';
import { ENTITIES, type EntityContext, type KnownCodes } from './entities.ts';
import { COMMAND_PHRASES, INTENT_PHRASES, type Task } from './intents.ts';
import * as say from './prompts.ts';
import { paraphrase } from './paraphrase.ts';
import { Reply } from './reply.ts';
import { asRecord, type ResultRecord } from './tool-result.ts';

export interface Flow {
  /** The task begins; `utterance` is what the caller said to start it (it may already hold a value). */
  start(d: Dialog, utterance: string): Promise<void>;
  /** Moves the task on: asks for what is missing, or acts. */
  next(d: Dialog): Promise<void>;
  /** A caller turn while one of this flow's own questions (confirm_booking, …) is open. */
  answer?(d: Dialog, question: Question, text: string, source: 'speech' | 'dtmf'): Promise<void>;
}

export interface DialogOptions {
  tools: ToolRunner;
  flows: Readonly<Record<Task, Flow>>;
  today: string;
  knownNames: readonly string[];
  knownCodes: KnownCodes;
  /** ms since call start, for ToolCallRecord.atMs. */
  clock: () => number;
  /** Failed tries at one value before the caller is handed to a human. */
  maxFailures: number;
  /** Deliberate fault (agent/faults.ts): use values without reading them back. */
  skipConfirmation?: boolean;
  /** Deliberate fault: ask for a task's values in another order. */
  reorderQuestions?: boolean;
  /** Deliberate fault: ask in other words (paraphrase.ts). */
  paraphrase?: boolean;
}

export class Dialog {
  task: Task | null = null;
  question: Question = { kind: 'how_can_i_help' };
  values: Partial<Record<EntityName, string>> = {};
  facts: Facts = {};
  failures: Record<string, number> = {};
  verifiedMember: string | null = null;
  /** The reply being built for the current turn. */
  reply = new Reply();
  /** The open question's words and grammar, for "are you still there?" re-prompts. */
  questionText: string = say.GREETING;
  questionExpect: SttContext;
  /** The whole previous reply, for "say that again" and for a reply the caller cut short. */
  lastReplyText = '';
  lastReplyCutShort = false;
  private toolCalls = 0;

  constructor(
    readonly options: DialogOptions,
    howCanIHelp: SttContext,
  ) {
    this.questionExpect = howCanIHelp;
  }

  get today(): string {
    return this.options.today;
  }

  get ended(): boolean {
    return this.question.kind === 'ended';
  }

  get entityContext(): EntityContext {
    return {
      today: this.options.today,
      knownNames: this.options.knownNames,
      knownCodes: this.options.knownCodes,
      facts: this.facts,
      task: this.task,
    };
  }

  snapshot(): DialogSnapshot {
    return {
      task: this.task,
      question: structuredClone(this.question),
      values: { ...this.values },
      failures: { ...this.failures },
      verifiedMember: this.verifiedMember,
    };
  }

  say(text: string): void {
    this.reply.say(this.options.paraphrase ? paraphrase(text) : text);
  }

  /** The values a flow asks for, in the order it asks (another order under the reorder-questions fault). */
  inOrder<T>(names: readonly T[]): readonly T[] {
    return this.options.reorderQuestions ? [...names].reverse() : names;
  }

  /** Asks `question`: its grammar first, then its words (after anything already said this turn). */
  ask(question: Question, text: string, expect: SttContext): void {
    this.question = question;
    this.questionText = text;
    this.questionExpect = expect;
    this.reply.expect(expect);
    this.reply.say(this.options.paraphrase ? paraphrase(text) : text);
  }

  /** Asks for an entity; `retry` uses the question with the keypad/spelling hint. */
  askFor(
    entity: EntityName,
    options: { problem?: string; retry?: boolean; question?: string } = {},
  ): void {
    const spec = ENTITIES[entity];
    const ctx = this.entityContext;
    if (options.problem) this.say(options.problem);
    const text = options.question ?? (options.retry ? spec.retry(ctx) : spec.question(ctx));
    this.ask({ kind: 'collect', entity }, text, spec.expect(ctx));
  }

  /** Reads a value back for a yes/no. */
  askConfirm(entity: EntityName, value: string): void {
    const readback = ENTITIES[entity].readback;
    if (!readback) throw new Error(`${entity} has no read-back`);
    this.ask({ kind: 'confirm', entity, value }, readback(value), {
      expectation: 'yes_no',
      correction: ENTITIES[entity].expect(this.entityContext),
    });
  }

  /** Counts a failed try at an entity; true when that ended in a transfer. */
  failEntity(entity: EntityName): Promise<boolean> {
    return this.fail(entity, `could not get the ${ENTITIES[entity].label}`);
  }

  /** Says the open question again, as asked (grammar included). */
  askAgain(preamble?: string): void {
    if (preamble) this.say(preamble);
    this.reply.expect(this.questionExpect);
    this.say(this.questionText);
  }

  /**
   * The caller talked over the last reply and what they said does not answer it: say the reply
   * again in full instead of counting a failure. True when it did.
   */
  repeatIfCutShort(): boolean {
    if (!this.lastReplyCutShort || this.lastReplyText === '') return false;
    this.lastReplyCutShort = false;
    this.reply.expect(this.questionExpect);
    this.say(this.lastReplyText);
    return true;
  }

  /**
   * Counts a failed try at `key` ("could not get the order number"). At the limit the caller is
   * transferred and this returns true: the caller of `fail` must then stop.
   */
  async fail(key: string, trouble: string): Promise<boolean> {
    this.failures[key] = (this.failures[key] ?? 0) + 1;
    if (this.failures[key] < this.options.maxFailures) return false;
    await this.transfer(`${trouble} after ${this.options.maxFailures} tries`, say.TRANSFER_TROUBLE);
    return true;
  }

  async tool(name: string, args: Record<string, unknown>): Promise<ResultRecord> {
    const atMs = this.options.clock();
    const result = await this.options.tools.call(name, args);
    this.toolCalls += 1;
    this.reply.toolCall({
      id: `rules-call-${this.toolCalls}`,
      name,
      arguments: args,
      result,
      atMs,
    });
    return asRecord(result);
  }

  async transfer(reason: string, text: string = say.TRANSFER_ASKED): Promise<void> {
    this.question = { kind: 'ended' };
    await this.tool('transfer_to_human', { reason });
    this.say(text);
    this.reply.transfer(reason);
  }

  async end(reason: string, text: string = say.GOODBYE): Promise<void> {
    this.question = { kind: 'ended' };
    await this.tool('end_call', { reason });
    this.say(text);
    this.reply.hangup();
  }

  async startTask(task: Task, utterance: string): Promise<void> {
    this.task = task;
    this.values = {};
    this.facts = {};
    this.failures = {};
    await this.options.flows[task].start(this, utterance);
  }

  /** A value is settled: store it and let the task move on. Failure counts last for the whole task. */
  async accept(entity: EntityName, value: string): Promise<void> {
    // Failures are not forgiven here: a confirmed number that is not on file still counts.
    this.values[entity] = value;
    await this.flow().next(this);
  }

  flow(): Flow {
    if (!this.task) throw new Error('no task in progress');
    return this.options.flows[this.task];
  }

  /** The task is done: forget its values (not the verified member) and offer more help. */
  finishTask(): void {
    this.task = null;
    this.values = {};
    this.facts = {};
    this.failures = {};
    this.ask({ kind: 'anything_else' }, say.ANYTHING_ELSE, anythingElseExpect());
  }
}

/** The greeting's open question: intent phrases (and commands) as grammar choices / key terms. */
export function howCanIHelpExpect(): SttContext {
  return { expectation: 'free', choices: [...INTENT_PHRASES, ...COMMAND_PHRASES] };
}

export function anythingElseExpect(): SttContext {
  return {
    expectation: 'free',
    choices: ['no', 'no thanks', "that's all", 'yes', ...INTENT_PHRASES, ...COMMAND_PHRASES],
  };
}

export function mainMenuExpect(): SttContext {
  return { expectation: 'menu', choices: ['order status', 'appointments', 'benefits'] };
}
