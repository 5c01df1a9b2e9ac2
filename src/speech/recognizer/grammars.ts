/**
 * JSGF grammars for what the dialog expects next (one builder per expectation).
 *
 * Every grammar has the same outer shape:
 *   <top> = [<lead>] <answer> [<noise>] | <command> | <noise>
 * - <answer> is what was asked for (digits, a spelled code, yes/no, a date, …);
 * - <command> are the phrases every state understands ("representative", "say that again");
 * - <noise> is GARBAGE_WORD (one "speech noise" phone) repeated: out-of-grammar speech takes
 *   this path instead of being forced into the answer ("yes that is correct" asked for a code
 *   must not come out as "s 7 6 r 8"). Its weight trades false rejections against false answers;
 *   the defaults come from bench/stt-accuracy.ts.
 */
import {
  alternatives,
  GARBAGE_PRONUNCIATION,
  GARBAGE_WORD,
  loopRule,
  makeGrammar,
  NOISE_PRONUNCIATION,
  NOISE_WORD,
  PHONES,
  phoneGarbageWord,
  weight,
  type Grammar,
} from './grammar-types.ts';
import {
  ANSWER_LEADS,
  CODE_LEADS,
  COMMAND_PHRASES,
  DATE_LEADS,
  DAY_ORDINALS,
  DIGIT_WORDS,
  FREE_PHRASES,
  FREE_WORDS,
  HESITATIONS,
  LETTERS,
  letterToken,
  MENU_LEADS,
  MONTHS,
  NAME_LEADS,
  NO_PHRASES,
  NONZERO_DIGIT_WORDS,
  SPELLING_JOINERS,
  SPELLING_WORDS,
  TEEN_WORDS,
  TENS_WORDS,
  TIME_LEADS,
  WEEKDAYS,
  YES_PHRASES,
} from './vocabulary.ts';

/** The same names as the agent's Expectation (agent/providers/types.ts); src/ may not import agent/. */
export type RecognizerExpectation =
  'free' | 'yes_no' | 'code' | 'phone' | 'date' | 'time' | 'zip' | 'menu' | 'name';

export interface GrammarContext {
  expectation: RecognizerExpectation;
  /** yes_no at a read-back: the value's own grammar, so an inline correction is heard too. */
  correction?: Omit<GrammarContext, 'correction'>;
  /** Menu options or names (menu, name). */
  choices?: readonly string[];
  /** A code's pattern, e.g. "LLDDDD" (L letter, D digit, A either): the code grammar then expects exactly that. */
  shape?: string;
}

export interface GrammarOptions {
  /** Weight of the whole-utterance out-of-grammar path (the answer's is 1). 0 leaves it out. */
  garbageWeight?: number;
  /**
   * Out-of-grammar speech as any sequence of phones ("phones"), or as the model's speech-noise
   * phone ("spn"). The default is "phones": on the AN4 held-out speakers spn takes 25% less CPU
   * per frame and hears phone numbers better, but digit strings worse (44% against 61% exact), and
   * in a whole call it took the soft final "oh" of a ZIP for noise (README, #14).
   */
  garbageModel?: 'phones' | 'spn';
  /** Cost of each further word of a digit string, code or free-text loop (against 1 for ending it). */
  itemWeight?: number;
  /** Cost of each phone of out-of-grammar speech (phones model): lower = fewer rejections. */
  noisePhoneWeight?: number;
  /** Weight of out-of-grammar stretches inside an answer ("ENTER nine one six"). 0 leaves them out. */
  islandWeight?: number;
  /** Weight of the command phrases. */
  commandWeight?: number;
  /** Number words ("thirty seven", "fourteen") in digit strings and codes. */
  numberWords?: boolean;
  /** Weight of spelling ("as in boy") and NATO words against plain letters in codes. */
  spellingWeight?: number;
  /** Weight of number words ("thirty", "fourteen") against digits in codes (letters sound like them: "a"/"eighty"). */
  codeNumberWeight?: number;
  /** Words the recognizer can pronounce; choices with other words are left out (menu, name). */
  canPronounce?: (word: string) => boolean;
}

export const DEFAULT_GRAMMAR_OPTIONS: Readonly<Required<Omit<GrammarOptions, 'canPronounce'>>> = {
  garbageModel: 'phones',
  itemWeight: 1,
  noisePhoneWeight: 1e-3,
  garbageWeight: 1e-4,
  islandWeight: 1e-3,
  commandWeight: 0.05,
  numberWords: true,
  spellingWeight: 0.3,
  codeNumberWeight: 0.1,
};

const GARBAGE_PRONUNCIATIONS: Readonly<Record<string, readonly string[]>> = {
  [GARBAGE_WORD]: [GARBAGE_PRONUNCIATION],
  [NOISE_WORD]: [NOISE_PRONUNCIATION],
  ...Object.fromEntries(PHONES.map((p) => [phoneGarbageWord(p), [p]])),
};

/**
 * Phones that line noise sounds like (hiss, breath): the "spn" garbage model has them beside the
 * speech- and noise-phones, or a noisy line (−40 dBFS) before and after an answer came out as
 * extra digits ("five"); three phones cost far less than the whole phone loop.
 */
const NOISE_LIKE_PHONES = ['HH', 'S', 'F'];

function noiseRule(options: Options): string {
  // Every phone pays noisePhoneWeight: grammar weights are small next to acoustic scores, so a
  // per-phone cost is what keeps the garbage loop from swallowing real answers.
  const body =
    options.garbageModel === 'spn'
      ? alternatives([GARBAGE_WORD, NOISE_WORD, ...NOISE_LIKE_PHONES.map(phoneGarbageWord)])
      : alternatives(PHONES.map(phoneGarbageWord));
  return loopRule('<noise>', body, options.noisePhoneWeight);
}

type Options = Required<Omit<GrammarOptions, 'canPronounce'>> &
  Pick<GrammarOptions, 'canPronounce'>;

/** The outer shape shared by all grammars (see the file comment). */
function wrap(
  key: string,
  answer: string,
  answerRules: readonly string[],
  options: Options,
): Grammar {
  const top: string[] = [];
  const island = options.islandWeight > 0 ? ' [<noise>]' : '';
  // With the spn garbage model, noise before the answer needs its own slot too (a noisy line's hiss before "nine" came out as "five").
  const lead = options.islandWeight > 0 && options.garbageModel === 'spn' ? '[<noise>] ' : '';
  top.push(`${weight(1)} (${lead}${answer}${island})`);
  if (options.commandWeight > 0) top.push(`${weight(options.commandWeight)} <command>`);
  if (options.garbageWeight > 0) top.push(`${weight(options.garbageWeight)} <noise>`);
  const rules = [`<top> = ${top.join(' | ')};`, ...answerRules];
  if (options.commandWeight > 0) rules.push(`<command> = ${alternatives(COMMAND_PHRASES)};`);
  if (options.garbageWeight > 0 || options.islandWeight > 0) rules.push(noiseRule(options));
  return makeGrammar(key, rules, GARBAGE_PRONUNCIATIONS);
}

function resolve(options: GrammarOptions): Options {
  return { ...DEFAULT_GRAMMAR_OPTIONS, ...options };
}

const DIGIT_RULES = [
  `<digit> = ${alternatives(DIGIT_WORDS)};`,
  `<nzdigit> = ${alternatives(NONZERO_DIGIT_WORDS)};`,
  `<teen> = ${alternatives(TEEN_WORDS)};`,
  `<tens> = ${alternatives(TENS_WORDS)};`,
  `<hesitation> = ${alternatives(HESITATIONS)};`,
];

/*
 * Answers made of many small words (digit strings, spelled codes) are flat loops of words, not
 * structured rules: the JSGF compiler copies a rule at every place it is used, and structured
 * variants ("double <digit>", "<letter> as in <word>") made the code grammar ~10x slower to decode
 * (300 ms of CPU per second of audio against 30) for no measured gain. The spoken-forms parser
 * reads the structure back ("double five" → 55, "b as in boy" → B, "thirty seven" → 37).
 */

/** Loop items of a digit string: digits, "double"/"triple", and number words ("thirty", "fourteen"). */
function digitItems(options: Options, hundreds: boolean, numberWeight = 1): string[] {
  const items = ['<digit>', 'double', 'triple'];
  if (options.numberWords)
    items.push(`${weight(numberWeight)} <teen>`, `${weight(numberWeight)} <tens>`);
  // "one eight hundred …": phone numbers only (elsewhere "hundred" is a value, not digits).
  if (hundreds) items.push('hundred');
  return items;
}

/** Between the answer's words: hesitations and (optionally) out-of-grammar islands. */
function loopExtras(options: Options): string {
  const island = options.islandWeight > 0 ? ` | ${weight(options.islandWeight)} <noise>` : '';
  return ` | ${weight(0.05)} <hesitation>${island}`;
}

function digitStringRules(options: Options, hundreds = false, hesitations = true): string[] {
  const extras = hesitations
    ? loopExtras(options)
    : options.islandWeight > 0
      ? ` | ${weight(options.islandWeight)} <noise>`
      : '';
  return [
    ...DIGIT_RULES,
    loopRule(
      '<digits>',
      `${digitItems(options, hundreds).join(' | ')}${extras}`,
      options.itemWeight,
    ),
  ];
}

/** Weight of the digit loop against ten single digits (bench/stt-accuracy.ts, flite phone numbers: 58% exact with the loop alone, 83% at 0.01, 79% at 0.1 and 1). */
const PHONE_LOOP_WEIGHT = 0.01;

/**
 * A digit string of a known length: exactly `count` single digits first, the digit loop (number
 * words, "one eight hundred", a group at a time) as the costly fallback. No hesitations between
 * digits: a soft "oh" (zero) came out as "um" in the loop and the number lost a digit.
 */
function exactDigitsGrammar(
  key: string,
  count: { rule: string; digits: number },
  lead: string,
  options: GrammarOptions,
  hundreds: boolean,
): Grammar {
  const o = resolve(options);
  const rules = [
    ...digitStringRules(o, hundreds, false),
    `<${count.rule}> = ${Array.from({ length: count.digits }, () => '<digit>').join(' ')};`,
    `<lead> = ${lead};`,
  ];
  return wrap(
    keyOf(key, o),
    `[<lead>] (${weight(1)} <${count.rule}> | ${weight(PHONE_LOOP_WEIGHT)} <digits>)`,
    rules,
    o,
  );
}

export function phoneGrammar(options: GrammarOptions = {}): Grammar {
  return exactDigitsGrammar(
    'phone',
    { rule: 'ten', digits: 10 },
    `${alternatives(ANSWER_LEADS)} | (my (phone | cell | home) number is)`,
    options,
    true,
  );
}

export function zipGrammar(options: GrammarOptions = {}): Grammar {
  return exactDigitsGrammar(
    'zip',
    { rule: 'five', digits: 5 },
    `${alternatives(ANSWER_LEADS)} | (my zip code is) | (the zip code is) | (zip code)`,
    options,
    false,
  );
}

/**
 * Letters: "b", "b as in boy", or a NATO word alone ("bravo"). The spelling word may only follow a
 * joiner; which letter it spells is left to the parser (it trusts the spelling word).
 */
function letterRules(options: Options): { rules: string[]; items: string[] } {
  const spelling = [...new Set(LETTERS.flatMap((l) => SPELLING_WORDS[l]))];
  const nato = LETTERS.map((l) => SPELLING_WORDS[l][0]);
  return {
    rules: [
      `<letter> = ${alternatives(LETTERS.map(letterToken))};`,
      `<spelling> = ${alternatives(spelling)};`,
      `<joiner> = ${alternatives(SPELLING_JOINERS)};`,
      `<nato> = ${alternatives(nato)};`,
    ],
    items: [
      `(<letter> [${weight(options.spellingWeight)} <joiner> <spelling>])`,
      `${weight(options.spellingWeight)} <nato>`,
    ],
  };
}

export function codeGrammar(options: GrammarOptions = {}, shape?: string): Grammar {
  const o = resolve(options);
  if (shape && /^[LDA]+$/i.test(shape)) return shapedCodeGrammar(o, shape.toUpperCase());
  if (shape?.toUpperCase() === 'L+') return spelledGrammar(o);
  const letters = letterRules(o);
  const items = [...letters.items, ...digitItems(o, false, o.codeNumberWeight)];
  const rules = [
    ...DIGIT_RULES,
    ...letters.rules,
    loopRule('<anycode>', `${items.join(' | ')}${loopExtras(o)}`, o.itemWeight),
    `<lead> = ${alternatives(CODE_LEADS)};`,
  ];
  return wrap(keyOf('code', o), '[<lead>] <anycode>', rules, o);
}

/**
 * A code of a known shape ("LLDDDD"): exactly as many letters as the shape has, then a digit
 * string. Knowing that the first two items are letters removes the letter/digit confusions
 * ("a"/"eight", "b"/"three") that dominate errors on spelled codes (bench/stt-accuracy.ts).
 * Digit runs are exactly as many single digits: callers who say "double five" or "thirty seven"
 * for a code are heard wrong (a known limit), which costs less than the number-word confusions.
 */
function shapedCodeGrammar(o: Options, shape: string): Grammar {
  const letters = letterRules(o);
  const parts: string[] = [];
  for (const run of shape.match(/L+|D+|A+/g) ?? []) {
    if (run[0] === 'L') parts.push(...Array.from(run, () => '<letteritem>'));
    // Exactly n digit words, so "nine two" cannot become "ninety" nor "eight two" "eighteen": even a
    // 1/100 weight on a number-word detour lost to acoustics on flite voices (the final "two" of AB3792).
    else if (run[0] === 'D') parts.push(Array.from(run, () => '<digit>').join(' '));
    else parts.push('<anycode>');
  }
  const anyItems = [...letters.items, ...digitItems(o, false, o.codeNumberWeight)];
  const rules = [
    ...DIGIT_RULES,
    ...letters.rules,
    `<letteritem> = ${letters.items.join(' | ')};`,
    loopRule('<anycode>', `${anyItems.join(' | ')}${loopExtras(o)}`, o.itemWeight),
    `<lead> = ${alternatives(CODE_LEADS)};`,
  ];
  return wrap(keyOf(`code:${shape}`, o), `[<lead>] ${parts.join(' [<hesitation>] ')}`, rules, o);
}

/**
 * Letters only, any number of them ("spell your last name": shape "L+"): without digits and
 * number words, "a"/"eight" and "b"/"three" cannot be confused.
 */
function spelledGrammar(o: Options): Grammar {
  const letters = letterRules(o);
  const rules = [
    `<hesitation> = ${alternatives(HESITATIONS)};`,
    ...letters.rules,
    loopRule('<letters>', `${letters.items.join(' | ')}${loopExtras(o)}`, o.itemWeight),
    `<lead> = ${alternatives(CODE_LEADS)};`,
  ];
  return wrap(keyOf('code:L+', o), '[<lead>] <letters>', rules, o);
}

/**
 * Out-of-grammar weight for yes/no: a one-syllable "yes" is short enough for the garbage loop to
 * win on some 20 ms alignments (awb's "yes" came out empty at 3 of 5 sub-frame offsets). At
 * 1e-8, 120/120 yes/no answers over 4 voices × 10 offsets were heard, with the same rejection of
 * out-of-grammar sentences on the flite bench (6 of 9) as at 1e-4.
 */
const YES_NO_GARBAGE_WEIGHT = 1e-8;

export function yesNoGrammar(options: GrammarOptions = {}, correction?: Grammar): Grammar {
  const resolved = resolve(options);
  const o = { ...resolved, garbageWeight: Math.min(resolved.garbageWeight, YES_NO_GARBAGE_WEIGHT) };
  const rules = [
    `<yes> = ${alternatives(YES_PHRASES)};`,
    `<no> = ${alternatives(NO_PHRASES)};`,
    `<pre> = ${alternatives(HESITATIONS)};`,
  ];
  if (!correction) return wrap(keyOf('yes_no', o), '[<pre>] (<yes> | <no>)', rules, o);
  // "no, it's A as in apple B as in boy …": the value's grammar, its rules renamed so they cannot
  // clash with these, as a costlier path after an optional "no" (a plain yes/no still wins).
  const embedded = embedGrammar(correction, 'corr_');
  rules.push(...embedded.rules, `<corrlead> = ${alternatives(CORRECTION_LEADS)};`);
  // The correction must open with "no" or a lead ("it's"): without one, a plain "yes, that is
  // right" could be heard as letters of a code.
  const answer = `(${weight(1)} ([<pre>] (<yes> | <no>)) | ${weight(CORRECTION_WEIGHT)} (((<no> [<corrlead>]) | <corrlead>) ${embedded.top}))`;
  const grammar = wrap(keyOf(`yes_no+${correction.key}`, o), answer, rules, o);
  return {
    ...grammar,
    pronunciations: { ...correction.pronunciations, ...grammar.pronunciations },
  };
}

const CORRECTION_LEADS = ["it's", 'it is', "that's", 'actually', 'i said'];
const CORRECTION_WEIGHT = 0.1;

/** A grammar's rules with every rule name prefixed, and its public rule's new name, to nest it in another grammar. */
function embedGrammar(grammar: Grammar, prefix: string): { top: string; rules: string[] } {
  const body = grammar.jsgf.split('\n').filter((line) => /^(public )?</.test(line));
  const rules = body.map((line) =>
    line.replace(/^public /, '').replace(/<(?!NULL>|VOID>)([A-Za-z0-9_]+)>/g, `<${prefix}$1>`),
  );
  const top = /^<([A-Za-z0-9_]+)>/.exec(rules[0] ?? '')?.[1];
  if (!top) throw new Error(`cannot embed grammar "${grammar.key}": no public rule`);
  return { top: `<${top}>`, rules };
}

const NUMBER_1_TO_31 = [
  ...NONZERO_DIGIT_WORDS,
  ...TEEN_WORDS,
  'twenty',
  ...NONZERO_DIGIT_WORDS.map((d) => `twenty ${d}`),
  'thirty',
  'thirty one',
];

function dateRules(): string[] {
  return [
    ...DIGIT_RULES,
    `<month> = ${alternatives(MONTHS)};`,
    `<weekday> = ${alternatives(WEEKDAYS)};`,
    `<dayord> = ${alternatives(DAY_ORDINALS)};`,
    `<daynum> = ${alternatives(NUMBER_1_TO_31)};`,
    // "nineteen eighty five", "twenty twenty six", "two thousand and five", "nineteen oh five".
    '<yy> = <teen> | (<tens> [<nzdigit>]) | (oh <nzdigit>) | hundred;',
    '<year> = ((nineteen | twenty) <yy>) | (two thousand [and] [<teen> | (<tens> [<nzdigit>]) | <nzdigit>]);',
    '<calendar> = (<month> (<dayord> | <daynum>) [<year>]) | ([the] <dayord> [of <month>] [<year>]) | (<month> <year>);',
    '<relative> = today | tomorrow | (the day after tomorrow) | ([next | this] <weekday>) | (next week) | (<weekday> [the <dayord>]);',
  ];
}

function timeRules(): string[] {
  return [
    '<hour> = one | two | three | four | five | six | seven | eight | nine | ten | eleven | twelve;',
    '<minutes> = (oh <nzdigit>) | <teen> | ((twenty | thirty | forty | fifty) [<nzdigit>]);',
    '<ampm> = a.m. | p.m. | (in the (morning | afternoon | evening)) | (at night);',
    "<clock> = (<hour> [<minutes> | o'clock] [<ampm>]) | ((half past | (quarter (past | after | to))) <hour> [<ampm>]) | noon | midnight;",
    '<daypart> = ([in the] (morning | afternoon | evening)) | (any time) | anytime | (first thing in the morning) | (as soon as possible);',
  ];
}

export function dateGrammar(options: GrammarOptions = {}): Grammar {
  const o = resolve(options);
  const rules = [...dateRules(), ...timeRules(), `<lead> = ${alternatives(DATE_LEADS)};`];
  return wrap(
    keyOf('date', o),
    '[<lead>] (<calendar> | <relative>) [[at] <clock> | <daypart>]',
    rules,
    o,
  );
}

export function timeGrammar(options: GrammarOptions = {}): Grammar {
  const o = resolve(options);
  const rules = [...dateRules(), ...timeRules(), `<lead> = ${alternatives(TIME_LEADS)};`];
  return wrap(
    keyOf('time', o),
    '[<lead>] ((<clock> [<relative>]) | <daypart> | (<relative> [at] <clock>) | (<relative> <daypart>))',
    rules,
    o,
  );
}

/** A choice as grammar words: lower case, letters and apostrophes only. */
export function choiceWords(choice: string): string[] {
  return choice
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .split(/[^a-z']+/)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w !== '');
}

function choiceAlternatives(choices: readonly string[], o: Options, allowParts: boolean): string[] {
  const alts = new Set<string>();
  for (const choice of choices) {
    const words = choiceWords(choice);
    if (words.length === 0) continue;
    if (o.canPronounce && !words.every(o.canPronounce)) continue;
    alts.add(words.join(' '));
    // A person's first or last name alone ("Garcia").
    if (allowParts && words.length > 1) for (const w of words) alts.add(w);
  }
  return [...alts];
}

export function menuGrammar(choices: readonly string[], options: GrammarOptions = {}): Grammar {
  const o = resolve(options);
  const alts = choiceAlternatives(choices, o, false);
  const numbered = `((option | number | press) <nzdigit>) | ${weight(0.3)} <nzdigit>`;
  const rules = [
    `<choice> = ${alts.length > 0 ? `${alternatives(alts)} | ` : ''}${numbered};`,
    `<lead> = ${alternatives(MENU_LEADS)};`,
    `<nzdigit> = ${alternatives(NONZERO_DIGIT_WORDS)};`,
  ];
  return wrap(keyOf(`menu:${alts.join('|')}`, o), '[<lead>] <choice> [please]', rules, o);
}

export function nameGrammar(choices: readonly string[], options: GrammarOptions = {}): Grammar {
  const o = resolve(options);
  const alts = choiceAlternatives(choices, o, true);
  if (alts.length === 0) return freeGrammar(options);
  const rules = [`<choice> = ${alternatives(alts)};`, `<lead> = ${alternatives(NAME_LEADS)};`];
  return wrap(keyOf(`name:${alts.join('|')}`, o), '[<lead>] <choice>', rules, o);
}

/** Open answers: common requests as whole phrases (plus the dialog's own `choices`), or a loop of domain words. */
export function freeGrammar(
  options: GrammarOptions = {},
  choices: readonly string[] = [],
): Grammar {
  const o = resolve(options);
  const offered = choiceAlternatives(choices, o, false).filter(
    (c) => !(FREE_PHRASES as readonly string[]).includes(c),
  );
  const phrases = [...FREE_PHRASES, ...offered];
  const words = new Set<string>(FREE_WORDS);
  for (const phrase of [...phrases, ...COMMAND_PHRASES])
    for (const w of phrase.split(' ')) words.add(w);
  const island = o.islandWeight > 0 ? ` | ${weight(o.islandWeight)} <noise>` : '';
  const rules = [
    `<phrase> = ${alternatives(phrases)};`,
    `<word> = ${alternatives([...words])};`,
    loopRule('<words>', `<word>${island}`, o.itemWeight),
  ];
  return wrap(
    keyOf(`free:${offered.join('|')}`, o),
    `(${weight(1)} <phrase> | ${weight(0.1)} <words>)`,
    rules,
    o,
  );
}

const OPEN_ANSWER_GARBAGE: GrammarOptions = { garbageModel: 'phones', noisePhoneWeight: 1e-3 };

/** The grammar for a dialog state. */
export function grammarFor(context: GrammarContext, options: GrammarOptions = {}): Grammar {
  switch (context.expectation) {
    case 'yes_no':
      // The value alone (no command phrases or whole-utterance noise of its own): those belong to the outer grammar.
      return yesNoGrammar(
        options,
        context.correction
          ? grammarFor(context.correction, { ...options, commandWeight: 0, garbageWeight: 0 })
          : undefined,
      );
    case 'code':
      return codeGrammar(options, context.shape);
    case 'phone':
      return phoneGrammar(options);
    case 'zip':
      return zipGrammar(options);
    case 'date':
      return dateGrammar(options);
    case 'time':
      return timeGrammar(options);
    case 'menu':
      return menuGrammar(context.choices ?? [], options);
    case 'name':
      return nameGrammar(context.choices ?? [], options);
    case 'free':
      // Open answers keep the phone-loop garbage model: with "spn", flite's "I need to book an
      // appointment" came out as "bye need to the can appointment" (a whole sentence of words,
      // where speech-noise tokens compete with every word). One such turn per call costs little.
      return freeGrammar({ ...OPEN_ANSWER_GARBAGE, ...options }, context.choices);
  }
}

/** Grammars with different options must not share a key (decoders skip an unchanged key). */
function keyOf(base: string, o: Options): string {
  return `${base}#w${o.itemWeight},${o.garbageModel}${o.noisePhoneWeight},${o.garbageWeight},i${o.islandWeight},c${o.commandWeight},n${o.numberWords ? 1 : 0},s${o.spellingWeight},cn${o.codeNumberWeight}`;
}

/**
 * Spotting what a tester listens for in an agent's speech: the expected phrases, digits, letters
 * and spelling words ("B as in boy") as items of a loop, any other speech as phone noise between
 * them. There is no language model for open English here, so this hears what was expected (and
 * digits and letters, to tell a wrong read-back from a missing one) and leaves the rest as noise.
 */
export function spottingGrammar(phrases: readonly string[], options: GrammarOptions = {}): Grammar {
  const o = resolve({ islandWeight: 0, commandWeight: 0, garbageWeight: 0, ...options });
  const pronounceable = (phrase: string): boolean =>
    phrase.split(' ').every((w) => o.canPronounce?.(w) ?? true);
  const cleaned = [
    ...new Set(
      phrases
        .map((p) =>
          p
            .toLowerCase()
            .replace(/[^a-z' ]+/g, ' ')
            .replace(/\s+/g, ' ')
            .trim(),
        )
        .filter((p) => p !== '' && pronounceable(p)),
    ),
  ];
  const spelling = [...new Set(Object.values(SPELLING_WORDS).flat())].filter(
    (w) => o.canPronounce?.(w) ?? true,
  );
  const items = [
    ...(cleaned.length ? [`${weight(1)} <phrase>`] : []),
    // Digits only, no number words: "seven one" came out as "seventy" in read-backs of IDs, and
    // agents read codes and phone numbers digit by digit.
    `${weight(0.5)} <digit>`,
    `${weight(0.05)} <letter>`,
    `${weight(0.3)} (as in)`,
    `${weight(0.2)} <spelling>`,
    `${weight(o.noisePhoneWeight)} <phone>`,
  ];
  const rules = [
    loopRule('<top>', items.join(' | '), o.itemWeight),
    ...(cleaned.length ? [`<phrase> = ${alternatives(cleaned)};`] : []),
    ...DIGIT_RULES.filter((r) => !r.startsWith('<hesitation>') && !r.startsWith('<nzdigit>')),
    `<letter> = ${alternatives(LETTERS.map(letterToken))};`,
    `<spelling> = ${alternatives(spelling)};`,
    `<phone> = ${alternatives(PHONES.map(phoneGarbageWord))};`,
  ];
  return makeGrammar(keyOf(`spot:${cleaned.join('|')}`, o), rules, GARBAGE_PRONUNCIATIONS);
}
