/**
 * Splits text that arrives in arbitrary pieces (LLM token deltas, cut mid-word) into speakable
 * chunks: whole sentences, or clauses of a long sentence, so the first one can go to TTS while
 * the model is still writing the rest. Shared by every brain that streams text.
 *
 * A boundary is only confirmed once the character after it is seen (whitespace), because
 * "3." may become "3.5" and "Dr." is not the end of a sentence.
 */

export interface SentenceChunkerOptions {
  /**
   * A comma/semicolon/colon/dash splits only when the chunk before it has at least this many
   * characters: long first sentences start speaking sooner, short lists stay in one breath.
   */
  minClauseChars?: number;
  /** With no punctuation for this long, split at the last space (runaway text). */
  maxChars?: number;
}

const SENTENCE_END = new Set(['.', '!', '?', '…']);
const CLAUSE_END = new Set([',', ';', ':', '—', '–']);
/** Closing quotes and brackets that belong to the sentence they end. */
const CLOSERS = new Set(['"', "'", ')', ']', '”', '’', '»']);
/** Words whose trailing period does not end a sentence (lower case, without the final dot). */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'jr',
  'sr',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'a.m',
  'p.m',
  'approx',
  'apt',
  'ave',
  'dept',
  'est',
  'min',
  'max',
  'no',
  'nos',
]);

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** True when the period at `dotIndex` closes an abbreviation or an initial ("J."), not a sentence. */
function isAbbreviationDot(text: string, dotIndex: number): boolean {
  let start = dotIndex;
  while (start > 0 && !isSpace(text[start - 1])) start--;
  const word = text.slice(start, dotIndex).replace(/^[("'“‘[]+/, '');
  if (word.length === 1 && /[A-Za-z]/.test(word)) return true; // an initial
  const lower = word.toLowerCase();
  // "No." ends many answers ("I said no."); only treat it as "number" before a digit.
  if (lower === 'no' || lower === 'nos') return /^\s*\d/.test(text.slice(dotIndex + 1));
  return ABBREVIATIONS.has(lower);
}

/** Removes markdown a model may emit despite instructions; TTS would read it aloud. */
export function cleanForSpeech(text: string): string {
  return text
    .replace(/\*\*|__|`+/g, '')
    .replace(/\*(\S(?:[^*]*\S)?)\*/g, '$1') // *emphasis*, but not a lone "*7" on a keypad
    .replace(/^\s*(#{1,6}\s+|[-*•]\s+)/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export class SentenceChunker {
  private buffer = '';
  private readonly minClauseChars: number;
  private readonly maxChars: number;

  constructor(options: SentenceChunkerOptions = {}) {
    this.minClauseChars = options.minClauseChars ?? 40;
    this.maxChars = options.maxChars ?? 220;
  }

  /** Adds streamed text; returns the chunks it completed (possibly none). */
  push(text: string): string[] {
    this.buffer += text;
    const out: string[] = [];
    for (;;) {
      const cut = this.findBoundary();
      if (cut < 0) break;
      this.emit(this.buffer.slice(0, cut), out);
      this.buffer = this.buffer.slice(cut);
    }
    return out;
  }

  /** Ends the text: returns whatever is left as a last chunk (if it has anything to say). */
  flush(): string[] {
    const out: string[] = [];
    this.emit(this.buffer, out);
    this.buffer = '';
    return out;
  }

  /** Text received but not yet returned as a chunk. */
  get pending(): string {
    return this.buffer;
  }

  private emit(raw: string, out: string[]): void {
    const cleaned = cleanForSpeech(raw);
    // A chunk of only punctuation ("." after a cleaned bullet) is nothing to say.
    if (/[\p{L}\p{N}]/u.test(cleaned)) out.push(cleaned);
  }

  /** Index just past the first confirmed boundary, or -1 when more text is needed. */
  private findBoundary(): number {
    const text = this.buffer;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') return i + 1;
      const sentence = SENTENCE_END.has(c);
      if (!sentence && !CLAUSE_END.has(c)) continue;
      let j = i + 1;
      while (j < text.length && (CLOSERS.has(text[j]) || (sentence && SENTENCE_END.has(text[j]))))
        j++;
      if (j >= text.length) return -1; // cannot tell yet what follows
      if (!isSpace(text[j])) continue; // "3.5", "1,000", "a.m"
      if (sentence) {
        if (c === '.' && isAbbreviationDot(text, i)) continue;
        return j;
      }
      if (text.slice(0, i).trim().length >= this.minClauseChars) return j;
    }
    if (text.length > this.maxChars) {
      const space = text.lastIndexOf(' ', this.maxChars);
      return space > 0 ? space + 1 : this.maxChars;
    }
    return -1;
  }
}
