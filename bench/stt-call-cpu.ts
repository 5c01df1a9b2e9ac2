/**
 * Recognizer CPU per 20 ms frame of *call* audio: the embedded STT stream (VAD, endpointing,
 * decoding) fed what a call carries — long stretches where the caller is quiet while the agent
 * talks, then an answer — rather than back-to-back utterances.
 *
 *   node --import tsx bench/stt-call-cpu.ts [--part train|heldout] [--turns 60] [--quiet-ms 3000]
 *        [--noise-dbfs -60] [--endpoint partialEveryFrames=5 …]
 *
 * Each turn: `--quiet-ms` of line noise (the agent's prompt), then one AN4 answer with line noise
 * under it, mu-law encoded as Twilio sends it, with the dialog's expectation set for it. Prints
 * CPU per frame over all frames (the goal: ≤ 1.0 ms), the share of frames that held speech, and
 * the streamed result: finals per turn and exact match of the turn's value (VAD and endpointing
 * included, so this also shows answers cut in two by a long pause).
 */
import { parseArgs } from 'node:util';
import { FRAME_SAMPLES } from '../src/audio/constants.ts';
import { mulawEncode } from '../src/audio/mulaw.ts';
import { lineNoise, mixInto } from '../src/audio/noise.ts';
import { percentile } from '../src/metrics/percentiles.ts';
import { normalizeTranscript } from '../src/speech/recognizer/normalize.ts';
import { EmbeddedStt, type EndpointSettings } from '../agent/providers/stt/embedded.ts';
import type { SttContext, SttEvent } from '../agent/providers/types.ts';
import { dialogShape, hasAn4, loadAn4, type LabeledUtterance } from './stt-corpus.ts';
import { pct } from './stt-score.ts';

const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'train' },
    turns: { type: 'string', default: '60' },
    'quiet-ms': { type: 'string', default: '3000' },
    'noise-dbfs': { type: 'string', default: '-60' },
    endpoint: { type: 'string', multiple: true, default: [] },
  },
});

const part = values.part === 'heldout' ? 'heldout' : 'train';
const turns = Number(values.turns);
const quietMs = Number(values['quiet-ms']);
const noiseDbfs = Number(values['noise-dbfs']);
const endpoint: Partial<EndpointSettings> = Object.fromEntries(
  values.endpoint.map((kv) => {
    const [k, v] = kv.split('=');
    return [k, Number(v)];
  }),
);

function contextFor(u: LabeledUtterance): SttContext {
  const shape = dialogShape(u);
  return shape ? { expectation: 'code', shape } : { expectation: u.expectation };
}

/** Round-robin over categories, so every answer type is in the call mix. */
function pickTurns(all: readonly LabeledUtterance[], n: number): LabeledUtterance[] {
  const byCategory = new Map<string, LabeledUtterance[]>();
  for (const u of all)
    if (u.expected !== null) byCategory.set(u.category, [...(byCategory.get(u.category) ?? []), u]);
  const lists = [...byCategory.values()];
  const out: LabeledUtterance[] = [];
  for (let i = 0; out.length < n && i < 10_000; i++) {
    const list = lists[i % lists.length];
    const u = list[Math.floor(i / lists.length) % list.length];
    out.push(u);
  }
  return out;
}

function frames(pcm: Int16Array): Uint8Array[] {
  const bytes = mulawEncode(pcm);
  const out: Uint8Array[] = [];
  for (let off = 0; off + FRAME_SAMPLES <= bytes.length; off += FRAME_SAMPLES)
    out.push(bytes.subarray(off, off + FRAME_SAMPLES));
  return out;
}

async function main(): Promise<void> {
  if (!hasAn4()) {
    console.log('skipped: no AN4 data (../shared/data/an4)');
    return;
  }
  const chosen = pickTurns(loadAn4({ parts: [part] }), turns);
  const stt = await EmbeddedStt.create({ today: '2026-01-01', endpoint });
  const stream = await stt.open({ expectation: 'free' }, new AbortController().signal);
  const events: SttEvent[] = [];
  const drain = (async () => {
    for await (const e of stream.events) events.push(e);
  })();

  let totalFrames = 0;
  let speechFrames = 0;
  let cpuMicros = 0;
  // Wall time of each push and context change: in the agent, every other stream on the same
  // recognizer worker waits this long, so the tail (not the mean) is what lands in their latency.
  const pushMs: number[] = [];
  const contextMs: number[] = [];
  const push = (f: Uint8Array): void => {
    const t0 = performance.now();
    stream.push(f);
    pushMs.push(performance.now() - t0);
  };
  for (const [i, u] of chosen.entries()) {
    const quiet = frames(lineNoise(Math.round((quietMs / 1000) * 8000), noiseDbfs, 1000 + i));
    const answer = lineNoise(u.samples.length, noiseDbfs, 2000 + i);
    mixInto(answer, u.samples, 0);
    const answerFrames = frames(answer);
    const c0 = performance.now();
    stream.setContext(contextFor(u));
    contextMs.push(performance.now() - c0);
    const start = process.cpuUsage();
    for (const f of quiet) push(f);
    for (const f of answerFrames) push(f);
    const used = process.cpuUsage(start);
    cpuMicros += used.user + used.system;
    totalFrames += quiet.length + answerFrames.length;
    speechFrames += answerFrames.length;
    await new Promise((r) => setImmediate(r));
  }
  // The last answer's endpoint needs trailing quiet.
  const start = process.cpuUsage();
  for (const f of frames(lineNoise(8000 * 2, noiseDbfs, 99))) push(f);
  const used = process.cpuUsage(start);
  cpuMicros += used.user + used.system;
  totalFrames += 100;
  await stream.close();
  await drain;

  const context = (u: LabeledUtterance) => ({
    ...(contextFor(u).shape ? { shape: contextFor(u).shape } : {}),
    today: '2026-01-01',
  });
  // A turn's finals land while the next turn's quiet is pushed: join each turn's finals with what arrives before the next answer.
  let exact = 0;
  let split = 0;
  const finalsAll = events.flatMap((e) => (e.type === 'final' ? [e] : []));
  const turnStarts: number[] = [];
  let at = 0;
  for (const u of chosen) {
    turnStarts.push(at + quietMs);
    at += quietMs + Math.floor(u.samples.length / FRAME_SAMPLES) * 20;
  }
  chosen.forEach((u, i) => {
    const from = turnStarts[i];
    const to = i + 1 < turnStarts.length ? turnStarts[i + 1] : Infinity;
    const texts = finalsAll
      .filter((f) => f.speechEndAudioMs > from && f.speechEndAudioMs <= to)
      .map((f) => f.text);
    if (texts.length > 1) split++;
    if (normalizeTranscript(u.expectation, texts.join(' '), context(u)) === u.expected) exact++;
  });
  console.log(
    `part ${part}: ${chosen.length} turns, ${quietMs} ms quiet per turn, line noise ${noiseDbfs} dBFS, endpoint ${JSON.stringify(endpoint)}`,
  );
  console.log(
    `call audio: ${(totalFrames * 0.02).toFixed(0)} s, ${pct(speechFrames / totalFrames)} of frames in the answers (utterances incl. their own leading/trailing quiet)`,
  );
  console.log(
    `recognizer CPU: ${(cpuMicros / 1000 / totalFrames).toFixed(3)} ms per 20 ms frame of call audio (${(cpuMicros / 1000 / speechFrames).toFixed(3)} per answer frame)`,
  );
  const ms = (xs: number[], p: number) => (percentile(xs, p) ?? 0).toFixed(2);
  console.log(
    `worker blocked per push: p50 ${ms(pushMs, 50)} / p99 ${ms(pushMs, 99)} / p99.9 ${ms(pushMs, 99.9)} / max ${ms(pushMs, 100)} ms; pushes over 20 ms: ${pushMs.filter((x) => x > 20).length} of ${pushMs.length}`,
  );
  console.log(
    `worker blocked per context change (grammar applied when no utterance is active): p50 ${ms(contextMs, 50)} / max ${ms(contextMs, 100)} ms`,
  );
  console.log(
    `streamed: ${pct(exact / chosen.length)} exact (all turns, finals joined), ${split} turns split into several finals`,
  );
}

await main();
