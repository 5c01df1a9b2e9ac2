/**
 * What a recognizer grammar is, and the small helpers to write one: JSGF text, the words it uses
 * (each must be pronounceable), and how its tokens read as text.
 *
 * Token conventions, shared by every grammar:
 *  - letters are "a." … "z." (the letter A, not the article "a"); they read as "a" … "z";
 *  - GARBAGE_WORD stands for speech outside the grammar and never appears in text.
 */

export interface Grammar {
  /** Identifies the grammar (same key = same JSGF); decoders skip re-setting an unchanged grammar. */
  readonly key: string;
  readonly jsgf: string;
  /** Every word token the JSGF uses. */
  readonly words: readonly string[];
  /** Pronunciations (ARPAbet) for words the dictionary lacks; they replace the dictionary's. */
  readonly pronunciations?: Readonly<Record<string, readonly string[]>>;
}

/** The out-of-grammar token: one "speech noise" phone (+SPN+), looped for longer stretches. */
export const GARBAGE_WORD = '_garbage_';
export const GARBAGE_PRONUNCIATION = '+SPN+';
/** Line noise and clicks (the model's noise phone), beside speech noise in the "spn" garbage model. */
export const NOISE_WORD = '_noise_';
export const NOISE_PRONUNCIATION = '+NSN+';

/** The phones of the acoustic model, each a garbage word ("_aa_") of a phone-loop garbage model. */
export const PHONES =
  'AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH'.split(
    ' ',
  );
export const phoneGarbageWord = (phone: string): string => `_${phone.toLowerCase()}_`;

/** Tokens that are never words: fillers (<sil>, [NOISE]) and garbage (_garbage_, _aa_). */
const NON_WORD = /^(<.*>|\[.*\]|\+\+.*\+\+|_[a-z]+_)$/;

/** The recognizer's tokens as text: letters lose their dot, garbage and fillers are dropped. */
export function displayText(hypothesis: string): string {
  const out: string[] = [];
  for (const token of hypothesis.split(/\s+/)) {
    if (token === '' || NON_WORD.test(token)) continue;
    out.push(/^[a-z]\.$/.test(token) ? token[0] : token);
  }
  return out.join(' ');
}

/** A JSGF weight, written so the JSGF parser accepts it (no exponent notation). */
export function weight(w: number): string {
  if (!(w > 0)) throw new RangeError(`JSGF weights must be positive, got ${w}`);
  // The JSGF lexer takes plain decimals only; tiny weights (1e-30) are real uses here.
  if (w >= 1e-6)
    return `/${Number(w.toPrecision(6)).toFixed(12).replace(/0+$/, '').replace(/\.$/, '')}/`;
  const exponent = Math.floor(Math.log10(w));
  const digits = (w / 10 ** exponent).toFixed(3).replace('.', '').replace(/0+$/, '');
  return `/0.${'0'.repeat(-exponent - 1)}${digits}/`;
}

/** The word tokens of JSGF rule bodies: everything but rule names, weights, tags and operators. */
export function jsgfWords(jsgf: string): string[] {
  const words = new Set<string>();
  for (const line of jsgf.split('\n')) {
    const start = line.trimStart();
    const eq = line.indexOf('=');
    if (eq < 0 || !(start.startsWith('<') || start.startsWith('public'))) continue;
    const body = line
      .slice(eq + 1)
      .replace(/<[^>]*>/g, ' ')
      .replace(/\/[^/]*\//g, ' ')
      .replace(/\{[^}]*\}/g, ' ')
      .replace(/[()[\]|*;]/g, ' ');
    for (const token of body.split(/\s+/)) {
      // A trailing "+" is the repeat operator; inside a token (++garbage++) it is part of the word.
      if (/^\+*$/.test(token)) continue;
      words.add(token.endsWith('+') && !token.startsWith('++') ? token.replace(/\++$/, '') : token);
    }
  }
  return [...words];
}

/** Builds a grammar from rules ("<name> = body;" lines); the first rule is the public one. */
export function makeGrammar(
  key: string,
  rules: readonly string[],
  pronunciations?: Readonly<Record<string, readonly string[]>>,
): Grammar {
  if (rules.length === 0) throw new Error(`grammar "${key}" has no rules`);
  const name = key.replace(/[^A-Za-z0-9_]/g, '_');
  const body = rules.map((r, i) => (i === 0 ? `public ${r}` : r)).join('\n');
  const jsgf = `#JSGF V1.0;\ngrammar ${name};\n${body}\n`;
  return { key, jsgf, words: jsgfWords(jsgf), ...(pronunciations ? { pronunciations } : {}) };
}

/**
 * A loop rule: `body` any number of times, each repetition costing `repeatWeight` (against 1 for
 * stopping). Written as explicit right recursion because the JSGF compiler builds `(x)+` as
 * `x | x <loop>`, two copies of x (twice the search work); this form has one copy. It also
 * accepts nothing at all, which only silence can match.
 */
export function loopRule(name: string, body: string, repeatWeight: number): string {
  return `${name} = ${weight(repeatWeight)} (${body}) ${name} | ${weight(1)} <NULL>;`;
}

/** "a | b | c" for a list of alternatives (each may be several words). */
export function alternatives(items: readonly string[]): string {
  if (items.length === 0) throw new Error('a JSGF alternative needs at least one item');
  return items.map((i) => (i.includes(' ') ? `(${i})` : i)).join(' | ');
}
