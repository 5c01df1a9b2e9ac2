/**
 * How well, and how fast, the embedded recognizer hears callers.
 *
 *   node --import tsx bench/stt-accuracy.ts [--sections an4,fsdd,flite] [--parts train,heldout] [--every N]
 *        [--param wip=0.01 --param beam=1e-48 …] [--grammar garbageWeight=1e-4 …] [--model dir]
 *        [--shapes dialog|none] [--verbose]
 *
 * --shapes dialog (default) decodes codes with the grammar of their pattern and spelled names
 * with the letters-only grammar, as the agent asks for them; none: the generic code grammar.
 *
 * Real speech is split by speaker into train and held-out (bench/stt-split.ts); every number is
 * printed per part. Tune on `--parts train` only; held-out numbers are for reporting.
 *
 * Sections:
 *  an4      real speech (AN4, 8 kHz mu-law): exact match and character error rate per answer type,
 *           each decoded with the grammar of the expectation that fits it;
 *  fsdd     single spoken digits (FSDD) under the phone grammar;
 *  flite    synthesized callers (slt, rms, kal) through the phone path (mu-law encode/decode):
 *           codes, phone numbers, yes/no, and out-of-grammar sentences that must not become answers;
 *
 * Endpointing and per-stage timings of the whole agent are measured by bench/agent-latency.ts.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SphinxRecognizer, type DecoderParams } from '../src/speech/recognizer/engine.ts';
import { grammarFor, type GrammarOptions } from '../src/speech/recognizer/grammars.ts';
import {
  dialogShape,
  hasAn4,
  hasFsdd,
  loadAn4,
  loadFsdd,
  type LabeledUtterance,
} from './stt-corpus.ts';
import { cpuLine, decodeAndScore, printGroups, printSummary, type Outcome } from './stt-score.ts';
import type { Part } from './stt-split.ts';
import { runFliteSection } from './stt-flite.ts';

const { values } = parseArgs({
  options: {
    sections: { type: 'string', default: 'an4,fsdd,flite' },
    parts: { type: 'string', default: 'train,heldout' },
    model: { type: 'string' },
    shapes: { type: 'string', default: 'dialog' },
    every: { type: 'string', default: '1' },
    param: { type: 'string', multiple: true, default: [] },
    grammar: { type: 'string', multiple: true, default: [] },
    categories: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});

function parseValue(raw: string): string | number | boolean {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  const n = Number(raw);
  return Number.isFinite(n) && raw.trim() !== '' ? n : raw;
}

function keyValues(list: readonly string[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`expected key=value, got ${JSON.stringify(item)}`);
    out[item.slice(0, eq)] = parseValue(item.slice(eq + 1));
  }
  return out;
}

const sections = new Set(values.sections.split(','));
const every = Number(values.every);
const decoderParams: DecoderParams = keyValues(values.param);
const grammarOptions = keyValues(values.grammar) as GrammarOptions;
const categories = values.categories?.split(',');
const parts = values.parts.split(',').map((p): Part => {
  if (p !== 'train' && p !== 'heldout')
    throw new Error(`--parts: expected train and/or heldout, got ${JSON.stringify(p)}`);
  return p;
});

async function decodeAll(
  recognizer: SphinxRecognizer,
  utterances: readonly LabeledUtterance[],
): Promise<Outcome[]> {
  const session = await recognizer.createSession(
    grammarFor({ expectation: 'free' }, grammarOptions),
  );
  const outcomes: Outcome[] = [];
  for (const u of utterances) {
    const shape = values.shapes === 'dialog' ? dialogShape(u) : undefined;
    // Without dialog shapes (the bench before #14): the generic code grammar, the shape only to settle O against 0.
    const normalizeShape =
      shape ??
      (values.shapes === 'none' && u.expectation === 'code' && u.expected
        ? u.expected.replace(/[A-Z]/g, 'L').replace(/[0-9]/g, 'D')
        : undefined);
    const outcome = decodeAndScore(
      session,
      grammarFor({ expectation: u.expectation, ...(shape ? { shape } : {}) }, grammarOptions),
      u,
      normalizeShape ? { shape: normalizeShape } : {},
    );
    outcomes.push(outcome);
    if (values.verbose && !outcome.exact)
      console.log(
        `  ${u.id} [${u.category}] "${u.transcript}" → "${outcome.text}" (${outcome.got} ≠ ${outcome.expected})`,
      );
  }
  session.close();
  return outcomes;
}

async function main(): Promise<void> {
  console.log(
    `decoder params: ${JSON.stringify(decoderParams)}  grammar options: ${JSON.stringify(grammarOptions)}`,
  );
  console.log(`acoustic model: ${values.model ?? "soundswallower's en-us (8 kHz PTM)"}`);
  const recognizer = await SphinxRecognizer.create({
    decoderParams,
    ...(values.model ? { modelDir: path.resolve(values.model) } : {}),
  });
  for (const part of parts) {
    const outcomes: Outcome[] = [];
    if (sections.has('an4')) {
      if (!hasAn4()) console.log('\nan4: skipped (no /work/shared/data/an4)');
      else {
        const an4 = await decodeAll(
          recognizer,
          loadAn4({ every, parts: [part], ...(categories ? { categories } : {}) }),
        );
        printSummary(`AN4 real speech, ${part} part (every ${every})`, an4);
        outcomes.push(...an4);
      }
    }
    if (sections.has('fsdd')) {
      if (!hasFsdd()) console.log('\nfsdd: skipped (no /work/shared/data/fsdd)');
      else outcomes.push(...(await decodeAll(recognizer, loadFsdd({ every, parts: [part] }))));
    }
    if (outcomes.length > 0) {
      printGroups(`${part} part: the issue's categories`, outcomes);
      console.log(cpuLine(outcomes));
    }
  }
  if (sections.has('flite'))
    console.log(cpuLine(await runFliteSection(recognizer, grammarOptions, values.verbose)));
}

await main();
