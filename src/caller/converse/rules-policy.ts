/**
 * `policy: rules`: the offline, deterministic caller. Each agent turn is matched against the rules
 * table (rules-table.ts); the intent decides the move, the facts and the persona its words:
 * asked for a value → the fact in the persona's style (or on the keypad when told to press); a
 * read-back → "yes" when it matches the fact (spoken forms normalized), "no, it's …" when not;
 * not understood → "sorry, could you say that again?" up to the persona's patience, then its
 * fallback (ask for a person, or hang up).
 */
import { mulberry32 } from '../../audio/prng.ts';
import { readsBack, spelledCharacters } from '../../expectations/heard-text.ts';
import { transcriptReadsBack } from './transcript-readback.ts';
import type { Patience } from '../../scenario/goal-types.ts';
import type { CallerGoal } from '../../scenario/types.ts';
import type { EntityExpectation } from '../../scenario/types.ts';
import { parseDate, parseTime } from '../../speech/spoken-forms.ts';
import { editDistance, normalizeEntity } from '../../entities/score.ts';
import { factAnswer, spokenTime, withWrongDigit } from './answers.ts';
import { pickOption } from './menu.ts';
import {
  move,
  type CallerMove,
  type CallerPolicy,
  type HeardTurn,
  type LineReason,
} from './policy.ts';
import { isAskIntent, matchIntent, type IntentMatch, type RulesTable } from './rules-table.ts';

export const SAY_AGAIN = 'Sorry, could you say that again?';
export const ALL_DONE = "No, that's all. Thank you.";
export const STILL_HERE = "Yes, I'm still here.";
export const DONT_KNOW = "Sorry, I don't have that.";
export const ASK_FOR_PERSON = 'Can I speak to a representative, please?';
export const GIVE_UP = "Never mind, I'll call back later. Goodbye.";
const PATIENCE_REPEATS: Record<Patience, number> = { low: 1, normal: 2, high: 3 };

const TIME_VALUE = /^\d{1,2}:\d{2}(\s*[ap]\.?m\.?)?$/i;

/** "find out when order AB3792 will arrive" → "I'd like to find out when my order will arrive": the goal without the values the agent should ask for. */
export function openingLine(goal: CallerGoal): string {
  if (goal.opening !== null) return goal.opening;
  let text = goal.goal;
  for (const fact of goal.facts)
    text = text.replace(
      new RegExp(`\\b${fact.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gi'),
      ' ',
    );
  text = text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.?!])/g, '$1')
    .trim();
  return /^(i|i'd|i'm|hi|hello)\b/i.test(text) ? text : `I'd like to ${text}`;
}

function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class RulesPolicy implements CallerPolicy {
  private lastLine: CallerMove | null = null;
  private lastGiven: { fact: EntityExpectation; said: EntityExpectation } | null = null;
  private readonly wrongGiven = new Set<string>();
  private confused = 0;
  private readonly random: () => number;

  constructor(
    private readonly goal: CallerGoal,
    private readonly table: RulesTable,
    /** Seeds hesitations, so the same scenario hesitates the same way every run. */
    seed: string,
  ) {
    this.random = mulberry32(hashSeed(seed));
  }

  decide(heard: HeardTurn): Promise<CallerMove> {
    const decided = this.decideNow(heard);
    if (decided.say !== null || decided.dtmf !== null) this.lastLine = decided;
    return Promise.resolve(decided);
  }

  private reason(
    intent: string,
    match: IntentMatch | null,
    fact: string | null,
    note?: string,
  ): LineReason {
    return {
      policy: 'rules',
      intent,
      pattern: match?.pattern ?? null,
      fact,
      ...(note === undefined ? {} : { note }),
    };
  }

  private decideNow(heard: HeardTurn): CallerMove {
    if (heard.text.trim() === '') {
      if (this.lastLine === null)
        return move(
          this.hesitate(openingLine(this.goal)),
          this.reason('silence', null, null, 'the agent said nothing: the caller starts'),
        );
      return this.notUnderstood('silence', null);
    }
    const match = matchIntent(this.table, heard.text);
    if (match === null) return this.notUnderstood('other', null);
    if (match.intent !== 'agent_not_understood') this.confused = 0;
    const intent = match.intent;
    if (isAskIntent(intent)) return this.answerFact(match);
    switch (intent) {
      case 'goodbye':
        return move(
          null,
          this.reason(intent, match, null, 'the agent said goodbye: the caller hangs up'),
          { hangup: true },
        );
      case 'hold_on':
        return move(null, this.reason(intent, match, null, 'the caller waits'));
      case 'still_there':
        return move(STILL_HERE, this.reason(intent, match, null));
      case 'agent_not_understood': {
        const last = this.lastLine;
        if (last === null)
          return move(
            this.hesitate(openingLine(this.goal)),
            this.reason(intent, match, null, 'nothing said yet: the opening'),
          );
        if (++this.confused > PATIENCE_REPEATS[this.goal.persona.patience] + 1)
          return this.fallback(intent, match);
        return {
          ...last,
          goalReached: false,
          hangup: false,
          reason: this.reason(intent, match, last.reason.fact, 'repeats its last line'),
        };
      }
      case 'anything_else':
        return move(ALL_DONE, this.reason(intent, match, null, 'goal reached'), {
          goalReached: true,
        });
      case 'open_request':
        return move(this.hesitate(openingLine(this.goal)), this.reason(intent, match, null));
      case 'menu_choice':
        return this.chooseFromMenu(match, heard.text);
      case 'confirm':
        return this.confirm(heard.text, match, heard.source);
      default:
        return this.notUnderstood('other', null);
    }
  }

  private notUnderstood(intent: string, match: IntentMatch | null): CallerMove {
    this.confused++;
    if (this.confused > PATIENCE_REPEATS[this.goal.persona.patience])
      return this.fallback(intent, match);
    return move(SAY_AGAIN, this.reason(intent, match, null, `not understood (${this.confused})`));
  }

  private fallback(intent: string, match: IntentMatch | null): CallerMove {
    this.confused = 0;
    if (this.goal.persona.fallback === 'hangup')
      return move(GIVE_UP, this.reason(intent, match, null, 'fallback: hangs up'), {
        hangup: true,
      });
    return move(ASK_FOR_PERSON, this.reason(intent, match, null, 'fallback: asks for a person'));
  }

  private findFact(match: IntentMatch): EntityExpectation | null {
    const facts = this.goal.facts;
    for (const name of match.rule.facts) {
      const fact = facts.find((f) => f.name.toLowerCase() === name.toLowerCase());
      if (fact) return fact;
    }
    const type = match.rule.type;
    return type === null ? null : (facts.find((f) => f.type === type) ?? null);
  }

  private answerFact(match: IntentMatch): CallerMove {
    const fact = this.findFact(match);
    if (fact === null)
      return move(DONT_KNOW, this.reason(match.intent, match, null, 'the caller has no such fact'));
    let said = fact;
    let note: string | undefined;
    if (this.goal.persona.wrongDigitFirst && !this.wrongGiven.has(fact.name)) {
      const wrong = withWrongDigit(fact);
      if (wrong) {
        said = wrong;
        note = 'wrong digit first';
      }
      this.wrongGiven.add(fact.name);
    }
    this.lastGiven = { fact, said };
    const { say, keys } = this.spoken(said, match.intent);
    const sentence = match.sentence;
    const keypad = this.useKeypad(sentence) && keys !== null;
    if (keypad) {
      const terminator = /\b(pound|hash)\b/.test(sentence) ? '#' : '';
      return move(
        null,
        this.reason(match.intent, match, fact.name, [note, 'keypad'].filter(Boolean).join(', ')),
        { dtmf: keys + terminator },
      );
    }
    return move(this.hesitate(say, true), this.reason(match.intent, match, fact.name, note));
  }

  private spoken(fact: EntityExpectation, intent: string): { say: string; keys: string | null } {
    if (TIME_VALUE.test(fact.value.trim())) return { say: spokenTime(fact.value), keys: null };
    return factAnswer(fact, this.goal.persona, { withYear: intent !== 'ask_date' });
  }

  private useKeypad(sentence: string): boolean {
    const keypad = this.goal.persona.keypad;
    if (keypad === 'never') return false;
    const told = /\b(press|enter|type|key in|punch in)\b/.test(sentence);
    if (keypad === 'prefer') return told || /\bkeypad\b/.test(sentence);
    return told && !/\bsay\b/.test(sentence);
  }

  private chooseFromMenu(match: IntentMatch, turn: string): CallerMove {
    // The options may be in another sentence than the one that made it a menu ("… Or press 1, 2, or 3.").
    const goalWords = `${this.goal.goal} ${this.goal.opening ?? ''}`;
    const pick = pickOption(match.sentence, goalWords) ?? pickOption(turn.toLowerCase(), goalWords);
    if (pick === null)
      return move(
        this.hesitate(openingLine(this.goal)),
        this.reason('menu_choice', match, null, 'no option near the goal: says the goal'),
      );
    if (pick.key !== null && this.goal.persona.keypad === 'prefer')
      return move(null, this.reason('menu_choice', match, null, `keypad for "${pick.say}"`), {
        dtmf: pick.key,
      });
    return move(pick.say, this.reason('menu_choice', match, null, `option "${pick.say}"`));
  }

  /** A read-back or yes/no question: checked against the value last given, then any fact it names. */
  private confirm(text: string, match: IntentMatch, source: HeardTurn['source']): CallerMove {
    const given = this.lastGiven;
    if (source === 'transcript' && given !== null && transcriptReadsBack(text, given.fact)) {
      return move(
        'Yes.',
        this.reason(
          'confirm',
          match,
          given.fact.name,
          'read-back matches (its digits, as transcribed)',
        ),
      );
    }
    if (given !== null && this.readsBackFact(text, given.fact)) {
      return move('Yes.', this.reason('confirm', match, given.fact.name, 'read-back matches'));
    }
    const named = this.goal.facts.find((f) => this.readsBackFact(text, f));
    if (named) return move('Yes.', this.reason('confirm', match, named.name, 'read-back matches'));
    if (given !== null && misreadsBack(text, given.fact)) {
      this.lastGiven = { fact: given.fact, said: given.fact };
      const { say } = this.spoken(
        given.fact,
        given.fact.type === 'date' ? 'ask_date_of_birth' : 'ask',
      );
      return move(
        `No, it's ${say}.`,
        this.reason('confirm', match, given.fact.name, 'correction: the read-back does not match'),
      );
    }
    return move('Yes.', this.reason('confirm', match, null, 'nothing to check against the facts'));
  }

  private readsBackFact(text: string, fact: EntityExpectation): boolean {
    if (TIME_VALUE.test(fact.value.trim())) return parseTime(text) === spokenTimeAs24h(fact.value);
    return readsBack(text, fact);
  }

  /** Persona hesitation: sometimes "um," first, and for values sometimes a restart. */
  private hesitate(text: string, value = false): string {
    const h = this.goal.persona.hesitation;
    if (h <= 0) return text;
    const r = this.random();
    if (value && r < h / 3) return `it's, uh, it's ${text}`;
    return r < h ? `um, ${text}` : text;
  }
}

function spokenTimeAs24h(value: string): string | null {
  return parseTime(spokenTime(value));
}

/**
 * Whether the sentence reads back `fact` wrongly: a value of its kind close to it but not it
 * ("3, 7, 9, 3" for AB3792; March 16th for March 15th). A value far from it (a date when the fact
 * is a phone number) is something else the agent says, not a read-back of it.
 */
export function misreadsBack(text: string, fact: EntityExpectation): boolean {
  const expected = normalizeEntity(fact.type, fact.value);
  switch (fact.type) {
    case 'code':
    case 'phone':
    case 'number': {
      const heard =
        fact.type === 'code' ? spelledCharacters(text) : spelledCharacters(text).replace(/\D/g, '');
      const want = fact.type === 'code' ? expected : expected.replace(/\D/g, '');
      if (heard.length < Math.min(3, want.length)) return false;
      // A value of the same length is the read-back of this one, however wrong; a longer run is
      // something else unless a stretch of it is close.
      return (
        Math.abs(heard.length - want.length) <= 1 ||
        nearestWindowDistance(heard, want) <= Math.max(1, Math.floor(want.length * 0.3))
      );
    }
    case 'date': {
      const heard = parseDate(text, expected);
      return heard !== null && heard !== expected;
    }
    case 'amount':
    case 'name':
      return false;
  }
}

/** The smallest edit distance between `want` and any stretch of `heard` of about its length. */
function nearestWindowDistance(heard: string, want: string): number {
  if (heard.length <= want.length) return editDistance(heard, want);
  let best = Infinity;
  for (let i = 0; i + want.length <= heard.length; i++)
    best = Math.min(best, editDistance(heard.slice(i, i + want.length), want));
  return best;
}
