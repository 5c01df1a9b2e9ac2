/**
 * Writes what SphinxTrain needs to adapt the acoustic model, from the TRAIN part of
 * ../shared/data only (bench/stt-split.ts): 16-bit raw audio, a control file, transcripts, a
 * dictionary of the words said, the filler dictionary, and the model with its mixture weights
 * uncompressed. Everything goes to the work folder given (outside the repository).
 *
 *   node --import tsx bench/adapt/prepare.ts /tmp/callbench-adapt [--without-validation]
 *
 * --without-validation leaves out the train part's validation speakers too (stt-split.ts), to
 * measure what adaptation does for voices it did not hear without touching the held-out part.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readWavAs8kMono } from '../../src/audio/wav.ts';
import { AN4_DIR, FSDD_DIR, readAn4Transcripts } from '../stt-corpus.ts';
import {
  an4IsValidation,
  an4Parts,
  fsddPart,
  fsddSpeaker,
  FSDD_VALIDATION_SPEAKERS,
} from '../stt-split.ts';
import { readSendump, writeMixtureWeights } from './sendump.ts';

const work = process.argv[2];
if (!work) throw new Error('usage: prepare.ts <work folder> [--without-validation]');
const withoutValidation = process.argv.includes('--without-validation');
const modelSrc = path.join(
  path.dirname(createRequire(import.meta.url).resolve('soundswallower')),
  'model',
  'en-us',
);
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

mkdirSync(path.join(work, 'wav'), { recursive: true });
mkdirSync(path.join(work, 'base'), { recursive: true });

const utterances: { id: string; words: string[]; file: string }[] = [];
const an4 = readAn4Transcripts();
const partOf = an4Parts(an4.map(([id]) => id));
const isValidation = an4IsValidation(an4.map(([id]) => id));
for (const [id, text] of an4) {
  if (partOf(id) !== 'train' || (withoutValidation && isValidation(id))) continue;
  // Letters are "a." in the model's dictionary ("a" is the article).
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => (w.length === 1 ? `${w}.` : w));
  utterances.push({ id, words, file: path.join(AN4_DIR, `${id}.wav`) });
}
for (const f of readdirSync(FSDD_DIR)
  .filter((f) => f.endsWith('.wav'))
  .sort()) {
  const id = f.replace(/\.wav$/, '');
  if (
    fsddPart(id) !== 'train' ||
    (withoutValidation && FSDD_VALIDATION_SPEAKERS.includes(fsddSpeaker(id)))
  )
    continue;
  utterances.push({ id, words: [DIGITS[Number(f[0])]], file: path.join(FSDD_DIR, f) });
}

const dictionary = new Map<string, string[]>();
for (const line of readFileSync(path.join(modelSrc, 'dict.txt'), 'utf8').split('\n')) {
  const m = /^(\S+?)(\(\d+\))?\s+(.+)$/.exec(line);
  if (!m) continue;
  dictionary.set(m[1], [...(dictionary.get(m[1]) ?? []), m[3].trim()]);
}

const used = new Set<string>();
const ctl: string[] = [];
const transcripts: string[] = [];
for (const u of utterances) {
  const missing = u.words.filter((w) => !dictionary.has(w));
  if (missing.length > 0) throw new Error(`${u.id}: no pronunciation for ${missing.join(', ')}`);
  const { samples } = readWavAs8kMono(readFileSync(u.file), u.file);
  writeFileSync(
    path.join(work, 'wav', `${u.id}.raw`),
    Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength),
  );
  ctl.push(u.id);
  transcripts.push(`<s> ${u.words.join(' ')} </s> (${u.id})`);
  for (const w of u.words) used.add(w);
}
const dict = [...used]
  .sort()
  .flatMap((w) => dictionary.get(w)!.map((pron, i) => `${i === 0 ? w : `${w}(${i + 1})`} ${pron}`));
writeFileSync(path.join(work, 'train.fileids'), ctl.join('\n') + '\n');
writeFileSync(path.join(work, 'train.transcription'), transcripts.join('\n') + '\n');
writeFileSync(path.join(work, 'train.dic'), dict.join('\n') + '\n');
copyFileSync(path.join(modelSrc, 'noisedict.txt'), path.join(work, 'train.filler'));
for (const f of [
  'means',
  'variances',
  'transition_matrices',
  'mdef',
  'sendump',
  'feat_params.json',
  'noisedict.txt',
])
  copyFileSync(path.join(modelSrc, f), path.join(work, 'base', f));
writeMixtureWeights(
  path.join(work, 'base', 'mixture_weights'),
  readSendump(path.join(modelSrc, 'sendump')),
);
console.log(`${utterances.length} train utterances (${used.size} words) in ${work}`);
