/**
 * Scoring for the recognizer benchmarks: decode an utterance with the grammar its expectation
 * picks, normalize, and compare with the expected canonical value.
 */
import { FRAME_SAMPLES } from '../src/audio/constants.ts';
import type { RecognizerSession } from '../src/speech/recognizer/engine.ts';
import type { Grammar } from '../src/speech/recognizer/grammar-types.ts';
import type { RecognizerExpectation } from '../src/speech/recognizer/grammars.ts';
import { normalizeTranscript } from '../src/speech/recognizer/normalize.ts';
import { editDistance } from './stt-corpus.ts';
import { CATEGORY_GROUPS } from './stt-split.ts';

export interface Outcome {
  id: string;
  category: string;
  expected: string | null;
  got: string | null;
  text: string;
  exact: boolean;
  /** Character edits between got and expected (expected length when nothing was recognized). */
  edits: number;
  /** Characters in expected (0 for reject cases). */
  chars: number;
  audioSeconds: number;
  cpuMs: number;
}

/** Decodes `samples` in 20 ms frames (as the stream does) and scores the normalized result. */
export function decodeAndScore(
  session: RecognizerSession,
  grammar: Grammar,
  utterance: {
    id: string;
    category: string;
    expectation: RecognizerExpectation;
    expected: string | null;
    samples: Int16Array;
  },
  context: { shape?: string; choices?: readonly string[] } = {},
): Outcome {
  session.setGrammar(grammar);
  // CPU time, not wall time: the machine may be shared, and the goal is CPU per frame.
  const start = process.cpuUsage();
  const { samples } = utterance;
  for (let off = 0; off < samples.length; off += FRAME_SAMPLES)
    session.process(samples.subarray(off, Math.min(off + FRAME_SAMPLES, samples.length)));
  const result = session.finish();
  const used = process.cpuUsage(start);
  const cpuMs = (used.user + used.system) / 1000;
  const got = normalizeTranscript(utterance.expectation, result.text, {
    ...context,
    today: '2026-01-01',
  });
  const expected = utterance.expected;
  const exact = got === expected;
  const edits = expected === null ? (got === null ? 0 : 1) : editDistance(got ?? '', expected);
  return {
    id: utterance.id,
    category: utterance.category,
    expected,
    got,
    text: result.text,
    exact,
    edits,
    chars: expected?.length ?? 0,
    audioSeconds: samples.length / 8000,
    cpuMs,
  };
}

export interface Summary {
  category: string;
  n: number;
  exactRate: number;
  /** Character error rate over the category (reject categories: share wrongly accepted). */
  cer: number;
}

export function summarize(outcomes: readonly Outcome[]): Summary[] {
  const byCategory = new Map<string, Outcome[]>();
  for (const o of outcomes) byCategory.set(o.category, [...(byCategory.get(o.category) ?? []), o]);
  const rows: Summary[] = [];
  for (const [category, list] of byCategory) {
    const chars = list.reduce((s, o) => s + o.chars, 0);
    const edits = list.reduce((s, o) => s + o.edits, 0);
    rows.push({
      category,
      n: list.length,
      exactRate: list.filter((o) => o.exact).length / list.length,
      cer: chars > 0 ? edits / chars : edits / list.length,
    });
  }
  return rows;
}

export function printSummary(title: string, outcomes: readonly Outcome[]): void {
  console.log(`\n${title}`);
  console.log('category          n   exact    CER');
  for (const row of summarize(outcomes)) {
    console.log(
      `${row.category.padEnd(15)} ${String(row.n).padStart(4)}  ${pct(row.exactRate).padStart(6)}  ${pct(row.cer).padStart(6)}`,
    );
  }
  const all = outcomes.length;
  const exact = outcomes.filter((o) => o.exact).length;
  console.log(
    `${'all'.padEnd(15)} ${String(all).padStart(4)}  ${pct(exact / Math.max(1, all)).padStart(6)}`,
  );
}

/** Exact match and CER per category group of the issue (digits, ZIP, phone, dates, codes, spelled names, …). */
export function printGroups(title: string, outcomes: readonly Outcome[]): void {
  console.log(`\n${title}`);
  console.log('group             n   exact    CER');
  for (const [group, members] of Object.entries(CATEGORY_GROUPS)) {
    const list = outcomes.filter((o) => members.includes(o.category));
    if (list.length === 0) continue;
    const [row] = summarize(list.map((o) => ({ ...o, category: group })));
    console.log(
      `${group.padEnd(15)} ${String(row.n).padStart(4)}  ${pct(row.exactRate).padStart(6)}  ${pct(row.cer).padStart(6)}`,
    );
  }
  const chars = outcomes.reduce((s, o) => s + o.chars, 0);
  const edits = outcomes.reduce((s, o) => s + (o.chars > 0 ? o.edits : 0), 0);
  const exact = outcomes.filter((o) => o.exact).length;
  console.log(
    `${'all'.padEnd(15)} ${String(outcomes.length).padStart(4)}  ${pct(exact / Math.max(1, outcomes.length)).padStart(6)}  ${pct(edits / Math.max(1, chars)).padStart(6)}`,
  );
}

/** Recognizer CPU over the decoded audio (speech only: utterances as recorded, little silence). */
export function cpuLine(outcomes: readonly Outcome[]): string {
  const audio = outcomes.reduce((s, o) => s + o.audioSeconds, 0);
  const cpu = outcomes.reduce((s, o) => s + o.cpuMs, 0);
  return `decoding CPU: ${(cpu / audio).toFixed(1)} ms per audio second (${(cpu / audio / 50).toFixed(2)} ms per 20 ms frame of utterance audio) over ${audio.toFixed(0)} s`;
}

export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
