/**
 * Pronunciations for grammar words, from the CMU dictionary that ships with soundswallower.
 *
 * Decoders are created WITHOUT that dictionary: loading its 134,000 words into every decoder
 * costs ~190 ms and ~20 MB of WASM memory each, where a grammar needs a few hundred words. So
 * the file is parsed once per thread (~120 ms) into a map, and each decoder gets only the words
 * of the grammars it is given (`add_words`). Letters are separate tokens ("a." is the letter A,
 * "a" the article) because they sound different and the code grammars must not confuse them.
 */
import { readFileSync } from 'node:fs';

/** word → its pronunciations (ARPAbet, space separated), the CMU order kept (first = most common). */
export type PronunciationTable = ReadonlyMap<string, readonly string[]>;

/**
 * Pronunciations the CMU dictionary lacks or gets wrong for callers, merged over it. Letters
 * get the ways people actually say them ("zed", "double you" said quickly).
 */
const EXTRA_PRONUNCIATIONS: Readonly<Record<string, readonly string[]>> = {
  'h.': ['EY CH', 'HH EY CH'],
  'w.': ['D AH B AH L Y UW', 'D AH B AH Y UW', 'D AH B Y UW'],
  'z.': ['Z IY', 'Z EH D'],
  'r.': ['AA R', 'AO R'],
  xray: ['EH K S R EY'],
  'uh-huh': ['AH HH AH', 'AH HH AH N'],
  mhm: ['AH M HH AH M', 'M HH M'],
};

const cache = new Map<string, PronunciationTable>();

/** Parses a CMU-format dictionary ("word PH ON ES", alternates as "word(2) ..."). */
export function parseCmuDictionary(text: string): Map<string, string[]> {
  const table = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith(';;')) continue;
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    let word = line.slice(0, space).toLowerCase();
    const paren = word.indexOf('(');
    if (paren > 0) word = word.slice(0, paren);
    const pron = line.slice(space + 1).trim();
    const list = table.get(word);
    if (list) list.push(pron);
    else table.set(word, [pron]);
  }
  return table;
}

/** The dictionary at `path` with our extra pronunciations; parsed once per thread and path. */
export function loadPronunciations(path: string): PronunciationTable {
  const cached = cache.get(path);
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read the recognizer's pronunciation dictionary at ${path}: is the soundswallower package installed completely? (${String(error)})`,
    );
  }
  const table = parseCmuDictionary(text);
  for (const [word, prons] of Object.entries(EXTRA_PRONUNCIATIONS)) {
    const merged = [...(table.get(word) ?? [])];
    for (const p of prons) if (!merged.includes(p)) merged.push(p);
    table.set(word, merged);
  }
  cache.set(path, table);
  return table;
}
