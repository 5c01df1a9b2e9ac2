/**
 * The reference agent's embedded brain: a deterministic dialog manager (no language model).
 * It detects what the caller wants, fills the values a task needs (reading back every code and
 * number), calls the business tools, and hands off to a human after repeated failures or on
 * request. Every reply says what to listen for next (`expect`) before its first words, so the
 * grammar recognizer is ready when the caller answers. Replies take microseconds.
 *
 * Commands that work anywhere: "representative"/"agent"/key 0 (transfer), "goodbye"/"that's
 * all" (end), "say that again"/key * (repeat), "main menu" (start over). Silence is re-prompted
 * `maxSilencePrompts` times, then the call ends politely.
 */
import { localIsoDate, parseYesNo } from '../../src/speech/spoken-forms.ts';
import type { Brain, BrainOutput, Heard, ToolRunner } from '../providers/types.ts';
import { KNOWN_NAMES } from '../tools/seed.ts';
import { Dialog, howCanIHelpExpect, mainMenuExpect } from './dialog.ts';
import type { DialogSnapshot } from './dialog-state.ts';
import type { KnownCodes } from './entities.ts';
import { cancelFlow, rescheduleFlow } from './flow-appointment-change.ts';
import { benefitsFlow } from './flow-benefits.ts';
import { bookingFlow } from './flow-booking.ts';
import { orderFlow } from './flow-order.ts';
import { detectCommand, type Command } from './intents.ts';
import * as say from './prompts.ts';
import { Reply } from './reply.ts';
import { answerQuestion } from './turn-handlers.ts';

export interface DialogBrainOptions {
  /** This call's tool runner (agent/tools CallToolRunner over the shared store). */
  tools: ToolRunner;
  /** "Today" for relative dates (ISO); default: the local date. Use the store's. */
  today?: string;
  /** Names the name grammar offers; default: the seed's KNOWN_NAMES. */
  knownNames?: readonly string[];
  /**
   * Order and member IDs on file (the store's): a code heard one confusable character off one is
   * taken as it. Default: none — the reference agent reads back what it heard, wrong letter and
   * all, which the shipped correction scenario relies on.
   */
  knownCodes?: KnownCodes;
  /** ms since call start, for ToolCallRecord.atMs; default: ms since the brain was created. */
  clock?: () => number;
  /** Failed tries at one value before a transfer. Default 3. */
  maxFailures?: number;
  /** "Are you still there?" re-prompts before the call is ended. Default 2. */
  maxSilencePrompts?: number;
  name?: string;
  /** Deliberate fault (agent/faults.ts): use values without reading them back. */
  skipConfirmation?: boolean;
  /** Deliberate faults: ask in another order, in other words. */
  reorderQuestions?: boolean;
  paraphrase?: boolean;
}

export interface HistoryEntry {
  speaker: 'caller' | 'agent';
  text: string;
  source?: Heard['source'];
  /** An agent reply the caller cut short: `text` is only what they heard. */
  interrupted?: boolean;
}

/** Questions whose answer is a yes/no: there, "no" is an answer, not a goodbye. */
const YES_NO_QUESTIONS = new Set([
  'confirm',
  'confirm_booking',
  'confirm_reschedule',
  'confirm_cancel',
  'anything_else',
]);

export class DialogBrain implements Brain {
  readonly name: string;
  private readonly dialog: Dialog;
  private readonly maxSilencePrompts: number;
  private readonly log: HistoryEntry[] = [];
  private silences = 0;
  /** Turns are handled one at a time, in order, even if the session overlaps them. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: DialogBrainOptions) {
    this.name = options.name ?? 'rules';
    this.maxSilencePrompts = options.maxSilencePrompts ?? 2;
    const start = performance.now();
    this.dialog = new Dialog(
      {
        tools: options.tools,
        flows: {
          order: orderFlow,
          book: bookingFlow,
          reschedule: rescheduleFlow,
          cancel: cancelFlow,
          benefits: benefitsFlow,
        },
        today: options.today ?? localIsoDate(),
        knownNames: options.knownNames ?? KNOWN_NAMES,
        knownCodes: options.knownCodes ?? {},
        clock: options.clock ?? (() => Math.round((performance.now() - start) * 10) / 10),
        maxFailures: options.maxFailures ?? 3,
        skipConfirmation: options.skipConfirmation ?? false,
        reorderQuestions: options.reorderQuestions ?? false,
        paraphrase: options.paraphrase ?? false,
      },
      howCanIHelpExpect(),
    );
  }

  /** The conversation as the caller experienced it. */
  history(): readonly HistoryEntry[] {
    return this.log;
  }

  /** Where the dialog stands (for tests and the observability endpoint). */
  state(): DialogSnapshot {
    return this.dialog.snapshot();
  }

  greet(signal: AbortSignal): AsyncGenerator<BrainOutput> {
    return this.run(signal, null, async (d) =>
      d.ask({ kind: 'how_can_i_help' }, say.GREETING, howCanIHelpExpect()),
    );
  }

  respond(turn: Heard, signal: AbortSignal): AsyncGenerator<BrainOutput> {
    return this.run(signal, turn, (d) => this.handle(d, turn));
  }

  interrupted(heardText: string): void {
    const last = this.log.findLast((e) => e.speaker === 'agent');
    if (!last) return;
    last.text = heardText.trim();
    last.interrupted = true;
    // The question may not have been heard: an answer that doesn't fit it gets the reply again.
    this.dialog.lastReplyCutShort = true;
  }

  private async *run(
    signal: AbortSignal,
    turn: Heard | null,
    handle: (d: Dialog) => Promise<void>,
  ): AsyncGenerator<BrainOutput> {
    if (signal.aborted) return;
    const done = this.queue.then(() => this.process(turn, handle));
    this.queue = done.catch(() => undefined);
    const outputs = await done;
    for (const output of outputs) {
      if (signal.aborted) return;
      yield output;
    }
  }

  private async process(
    turn: Heard | null,
    handle: (d: Dialog) => Promise<void>,
  ): Promise<BrainOutput[]> {
    const d = this.dialog;
    d.reply = new Reply();
    if (turn) this.log.push({ speaker: 'caller', text: turn.text, source: turn.source });
    await handle(d);
    const reply = d.reply;
    const text = reply.text();
    this.log.push({ speaker: 'agent', text });
    d.lastReplyText = text;
    d.lastReplyCutShort = false;
    return reply.outputs();
  }

  private async handle(d: Dialog, turn: Heard): Promise<void> {
    if (d.ended) {
      // A turn after the end (a late transcript): say goodbye again, call no tool twice.
      d.say(say.GOODBYE);
      return d.reply.hangup();
    }
    if (turn.source === 'silence_timeout') return this.onSilence(d);
    this.silences = 0;
    const text = turn.text.trim();
    if (turn.source === 'dtmf') {
      const keys = text.replace(/#/g, '');
      if (keys === '0') return d.transfer('caller pressed 0 for a representative');
      if (keys === '*') return this.repeat(d);
      return answerQuestion(d, keys, 'dtmf');
    }
    const command = this.commandIn(d, text);
    if (command !== null) return this.runCommand(d, command);
    return answerQuestion(d, text, 'speech');
  }

  /** A command, unless the words are an answer to a yes/no question ("no" is not "goodbye"). */
  private commandIn(d: Dialog, text: string): Command | null {
    const command = detectCommand(text);
    if (command === null || command === 'human') return command;
    const answer = parseYesNo(text);
    if (answer === null || !YES_NO_QUESTIONS.has(d.question.kind)) return command;
    // "no, that's all" after "anything else?" is a goodbye; at a read-back "yes" / "no" decide.
    return d.question.kind === 'anything_else' && command === 'goodbye' ? command : null;
  }

  private async runCommand(d: Dialog, command: Command): Promise<void> {
    switch (command) {
      case 'human':
        return d.transfer('caller asked for a human');
      case 'goodbye':
        return d.end('caller said goodbye');
      case 'repeat':
        return this.repeat(d);
      case 'main_menu':
        d.task = null;
        d.values = {};
        d.facts = {};
        return d.ask({ kind: 'main_menu' }, say.MAIN_MENU, mainMenuExpect());
    }
  }

  private async repeat(d: Dialog): Promise<void> {
    if (d.lastReplyText === '') return d.askAgain();
    d.reply.expect(d.questionExpect);
    d.say(d.lastReplyText);
  }

  private async onSilence(d: Dialog): Promise<void> {
    this.silences += 1;
    if (this.silences > this.maxSilencePrompts)
      return d.end('no response from caller', say.NO_RESPONSE_GOODBYE);
    d.askAgain(say.STILL_THERE);
  }
}
