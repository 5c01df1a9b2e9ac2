/**
 * The phrases a rules pattern can match, written out, for the embedded recognizer's spotting
 * grammar (which hears only the phrases it is given, plus digits and letters):
 * '\b(is|was) (that|this) (right|correct)\b' → "is that right", "was this correct", … Groups of
 * alternatives and optional parts (`?`) are expanded; anything else (\d, \w+, [..], .*, anchors)
 * ends a phrase, so a pattern gives its literal stretches.
 */

/** At most this many phrases from one pattern: a pattern with many groups gives its first variants. */
const MAX_VARIANTS = 32;

type Piece =
  { kind: 'text'; text: string } | { kind: 'group'; alternatives: Piece[][] } | { kind: 'break' };

/** Parses `source` from `at` until `)` or the end; returns pieces of each alternative and where it stopped. */
function parse(source: string, at: number): { alternatives: Piece[][]; end: number } {
  const alternatives: Piece[][] = [[]];
  let i = at;
  const current = (): Piece[] => alternatives[alternatives.length - 1];
  while (i < source.length) {
    const c = source[i];
    if (c === ')') return { alternatives, end: i + 1 };
    if (c === '|') {
      alternatives.push([]);
      i++;
    } else if (c === '(') {
      const inner = source.startsWith('(?:', i) ? i + 3 : source.startsWith('(?', i) ? -1 : i + 1;
      if (inner < 0) {
        // A lookaround: not words the agent says.
        const close = source.indexOf(')', i);
        i = close < 0 ? source.length : close + 1;
        continue;
      }
      const group = parse(source, inner);
      current().push({ kind: 'group', alternatives: group.alternatives });
      i = group.end;
    } else if (c === '?') {
      // The previous piece is optional (one character of text, or a group).
      const pieces = current();
      const last = pieces.pop();
      if (last?.kind === 'text' && last.text.length > 1)
        pieces.push({ kind: 'text', text: last.text.slice(0, -1) });
      const optional =
        last?.kind === 'text' ? { kind: 'text' as const, text: last.text.slice(-1) } : last;
      if (optional !== undefined && optional.kind !== 'break')
        pieces.push({ kind: 'group', alternatives: [[optional], []] });
      i++;
    } else if (/[A-Za-z' ]/.test(c)) {
      const pieces = current();
      const last = pieces[pieces.length - 1];
      if (last?.kind === 'text') last.text += c;
      else pieces.push({ kind: 'text', text: c });
      i++;
    } else {
      // \b is a word boundary (no sound); any other escape, class or quantifier breaks the phrase.
      if (c === '\\' && source[i + 1] === 'b') i += 2;
      else {
        current().push({ kind: 'break' });
        i += c === '\\' ? 2 : c === '[' ? Math.max(1, source.indexOf(']', i) + 1 - i) : 1;
      }
    }
  }
  return { alternatives, end: i };
}

/** Every way through the pieces, as lists of phrases (a break starts a new phrase). */
function expand(pieces: readonly Piece[]): string[][] {
  let ways: string[][] = [['']];
  for (const piece of pieces) {
    if (piece.kind === 'text')
      ways = ways.map((w) => [...w.slice(0, -1), w[w.length - 1] + piece.text]);
    else if (piece.kind === 'break') ways = ways.map((w) => [...w, '']);
    else {
      const options = piece.alternatives.flatMap(expand);
      const next: string[][] = [];
      for (const w of ways)
        for (const o of options)
          if (next.length < MAX_VARIANTS)
            next.push([...w.slice(0, -1), w[w.length - 1] + o[0], ...o.slice(1)]);
      ways = next;
    }
  }
  return ways;
}

export function patternPhrases(source: string): string[] {
  const { alternatives } = parse(source.toLowerCase(), 0);
  const phrases = alternatives
    .flatMap(expand)
    .flat()
    .map((p) => p.replace(/\s+/g, ' ').replace(/^[' ]+|[' ]+$/g, ''));
  return [...new Set(phrases.filter((p) => p.length > 2))];
}
