/**
 * How long the embedded recognizer blocks its worker thread when a call's dialog state changes
 * the grammar (soundswallower compiles the JSGF on the decoder). Every stream on that worker
 * waits meanwhile, so this cost lands in other callers' turn latency under load.
 *
 *   npm run bench:grammar-switch                 # 5 rounds over every expectation
 *   npm run bench:grammar-switch -- --rounds 20
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { percentile } from '../src/metrics/percentiles.ts';
import { grammarFor, type GrammarContext } from '../src/speech/recognizer/grammars.ts';
import { SphinxRecognizer } from '../src/speech/recognizer/engine.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const EXPECTATIONS: GrammarContext['expectation'][] = [
  'free',
  'code',
  'yes_no',
  'phone',
  'date',
  'zip',
  'time',
];

const recognizer = await SphinxRecognizer.create();
const grammars = EXPECTATIONS.map((expectation) => grammarFor({ expectation }));
const session = await recognizer.createSession(grammars[grammars.length - 1]);
const times = new Map<string, number[]>(EXPECTATIONS.map((e) => [e, []]));
for (let round = 0; round < Number(values.rounds); round++)
  for (const [i, expectation] of EXPECTATIONS.entries()) {
    const t0 = performance.now();
    session.setGrammar(grammars[i]);
    times.get(expectation)?.push(performance.now() - t0);
  }
session.close();

console.log(
  `grammar switch on one decoder, ${values.rounds} rounds, ${process.version}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log('expectation | median ms | max ms');
for (const [expectation, ms] of times)
  console.log(
    `${expectation.padEnd(11)} | ${percentile(ms, 50)?.toFixed(1).padStart(9)} | ${Math.max(...ms)
      .toFixed(1)
      .padStart(6)}`,
  );
process.exit(0);
