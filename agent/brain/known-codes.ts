/**
 * What the store knows, used before a read-back: a code the recognizer heard that is not on
 * file but differs from exactly one code on file by one character the recognizer is known to
 * confuse ("B"/"D"/"E"/"P"/"T"/"V"/"Z", "M"/"N", "five"/"nine", …) is taken as that code. The
 * caller still hears it read back and can say no; a code with no such neighbour, or with two,
 * is left as heard (the lookup then says it was not found).
 *
 * This is what IVRs do with account numbers, and what an n-best list checked against the
 * database would give; soundswallower exposes no n-best list, so the confusions are listed here.
 */

/** Sounds that are easily mixed up in the telephone band (the E-set, nasals, "five"/"nine", …). */
const CONFUSABLE_GROUPS: readonly string[] = [
  'BCDEGPTVZ3',
  'MN',
  'AHJK8',
  'FSX',
  'IY5',
  'QU2',
  '59',
  '17',
  '46',
];

function confusable(a: string, b: string): boolean {
  return CONFUSABLE_GROUPS.some((g) => g.includes(a) && g.includes(b));
}

/** `heard` itself when on file; else the one code on file a single confusable character away; else `heard`. */
export function matchKnownCode(heard: string, known: readonly string[]): string {
  if (known.length === 0 || known.includes(heard)) return heard;
  const near = known.filter((code) => {
    if (code.length !== heard.length) return false;
    let differences = 0;
    for (let i = 0; i < code.length; i++) {
      if (code[i] === heard[i]) continue;
      if (++differences > 1 || !confusable(code[i], heard[i])) return false;
    }
    return differences === 1;
  });
  return near.length === 1 ? near[0] : heard;
}
