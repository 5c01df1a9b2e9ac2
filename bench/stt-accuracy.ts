/**
 * How well, and how fast, the embedded recognizer hears callers.
 *
 *   node --import tsx bench/stt-accuracy.ts [--sections an4,fsdd,flite] [--every N]
 *        [--param wip=0.01 --param beam=1e-48 …] [--grammar garbageWeight=1e-4 …] [--verbose]
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
import { parseArgs } from 'node:util';
import { SphinxRecognizer, type DecoderParams } from '../src/speech/recognizer/engine.ts';
import { grammarFor, type GrammarOptions } from '../src/speech/recognizer/grammars.ts';
import { hasAn4, hasFsdd, loadAn4, loadFsdd, type LabeledUtterance } from './stt-corpus.ts';
import { decodeAndScore, printSummary, type Outcome } from './stt-score.ts';
import { runFliteSection } from './stt-flite.ts';

const { values } = parseArgs({
  options: {
    sections: { type: 'string', default: 'an4,fsdd,flite' },
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

async function decodeAll(recognizer: SphinxRecognizer, utterances: readonly LabeledUtterance[]): Promise<Outcome[]> {
  const session = await recognizer.createSession(grammarFor({ expectation: 'free' }, grammarOptions));
  const outcomes: Outcome[] = [];
  for (const u of utterances) {
    // The agent knows the shape of the codes it asks for; it settles O against 0 ("oh").
    const shape = u.expectation === 'code' && u.expected ? u.expected.replace(/[A-Z]/g, 'L').replace(/[0-9]/g, 'D') : undefined;
    const outcome = decodeAndScore(session, grammarFor({ expectation: u.expectation }, grammarOptions), u, shape ? { shape } : {});
    outcomes.push(outcome);
    if (values.verbose && !outcome.exact) console.log(`  ${u.id} [${u.category}] "${u.transcript}" → "${outcome.text}" (${outcome.got} ≠ ${outcome.expected})`);
  }
  session.close();
  return outcomes;
}

function cpuLine(outcomes: readonly Outcome[]): string {
  const audio = outcomes.reduce((s, o) => s + o.audioSeconds, 0);
  const cpu = outcomes.reduce((s, o) => s + o.cpuMs, 0);
  return `decoding CPU: ${(cpu / audio).toFixed(1)} ms per audio second (${(cpu / audio / 50).toFixed(2)} ms per 20 ms frame) over ${audio.toFixed(0)} s`;
}

async function main(): Promise<void> {
  console.log(`decoder params: ${JSON.stringify(decoderParams)}  grammar options: ${JSON.stringify(grammarOptions)}`);
  const recognizer = await SphinxRecognizer.create({ decoderParams });
  if (sections.has('an4')) {
    if (!hasAn4()) console.log('\nan4: skipped (no /work/shared/data/an4)');
    else {
      const outcomes = await decodeAll(recognizer, loadAn4({ every, ...(categories ? { categories } : {}) }));
      printSummary(`AN4 real speech (every ${every})`, outcomes);
      console.log(cpuLine(outcomes));
    }
  }
  if (sections.has('fsdd')) {
    if (!hasFsdd()) console.log('\nfsdd: skipped (no /work/shared/data/fsdd)');
    else {
      const outcomes = await decodeAll(recognizer, loadFsdd({ every }));
      printSummary(`FSDD single digits, phone grammar (every ${every})`, outcomes);
    }
  }
  if (sections.has('flite')) console.log(cpuLine(await runFliteSection(recognizer, grammarOptions, values.verbose)));
}

await main();
