/**
 * Per-message cost of the Twilio wire code on the harness's and agent's hot paths:
 *  - encoding a Twilio→agent media message: string template vs JSON.stringify of the typed object;
 *  - validating an agent→Twilio media message (parseAgentMessage), from a string and from the
 *    Buffer ws hands over, next to bare JSON.parse + Buffer.from for reference;
 *  - parsing a Twilio→agent media message on the agent side (parseTwilioMessage).
 * Payloads are 160 bytes of mu-law (20 ms, what Twilio sends) and 8000 bytes (1 s, a typical TTS chunk).
 *   npx tsx bench/twilio-encode.ts
 */
import { mulawEncode } from '../src/audio/mulaw.ts';
import { mulberry32 } from '../src/audio/prng.ts';
import { encodeAgentMedia, mediaMessageTemplate } from '../src/twilio/encode.ts';
import { parseAgentMessage } from '../src/twilio/parse-agent.ts';
import { parseTwilioMessage } from '../src/twilio/parse-twilio.ts';
import { newStreamSid } from '../src/twilio/ids.ts';
import type { MediaMessage } from '../src/twilio/types.ts';

const SID = newStreamSid(mulberry32(1));

function mulawBase64(bytes: number, seed: number): string {
  const random = mulberry32(seed);
  const pcm = new Int16Array(bytes);
  for (let i = 0; i < bytes; i++) pcm[i] = Math.round((random() + random() - 1) * 4000);
  return Buffer.from(mulawEncode(pcm)).toString('base64');
}

const FRAME_B64 = mulawBase64(160, 2);
const SECOND_B64 = mulawBase64(8000, 3);

let sink = 0; // consumed results, so the optimiser cannot drop the work

/** Median over `rounds` of the mean µs per call across `iterations` calls. */
function microsPerCall(iterations: number, fn: (i: number) => number): number {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) sink += fn(i); // warm up the JIT
  const rounds: number[] = [];
  for (let r = 0; r < 7; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink += fn(i);
    rounds.push(Number(process.hrtime.bigint() - start) / 1000 / iterations);
  }
  rounds.sort((a, b) => a - b);
  return rounds[3];
}

const template = mediaMessageTemplate(SID);
const rows: [string, number][] = [];

rows.push([
  'encode media (template)',
  microsPerCall(300_000, (i) => template(i + 2, i + 1, 100 + i * 20, FRAME_B64).length),
]);
rows.push([
  'encode media (JSON.stringify of typed object)',
  microsPerCall(300_000, (i) => {
    const message: MediaMessage = {
      event: 'media',
      sequenceNumber: String(i + 2),
      media: {
        track: 'inbound',
        chunk: String(i + 1),
        timestamp: String(100 + i * 20),
        payload: FRAME_B64,
      },
      streamSid: SID,
    };
    return JSON.stringify(message).length;
  }),
]);

// The template returns a rope (concatenated string) that ws flattens when it writes the frame;
// these two rows include that step, for a like-for-like comparison of what a send costs.
rows.push([
  'encode media (template) + UTF-8 bytes, as ws sends',
  microsPerCall(300_000, (i) => Buffer.byteLength(template(i + 2, i + 1, 100 + i * 20, FRAME_B64))),
]);
rows.push([
  'encode media (JSON.stringify) + UTF-8 bytes, as ws sends',
  microsPerCall(300_000, (i) => {
    const message: MediaMessage = {
      event: 'media',
      sequenceNumber: String(i + 2),
      media: {
        track: 'inbound',
        chunk: String(i + 1),
        timestamp: String(100 + i * 20),
        payload: FRAME_B64,
      },
      streamSid: SID,
    };
    return Buffer.byteLength(JSON.stringify(message));
  }),
]);

for (const [label, payload] of [
  ['160 B', FRAME_B64],
  ['8000 B', SECOND_B64],
] as const) {
  const text = encodeAgentMedia(SID, payload);
  const buffer = Buffer.from(text);
  const iterations = payload === FRAME_B64 ? 200_000 : 20_000;
  rows.push([
    `baseline: JSON.parse + Buffer.from(base64), ${label}`,
    microsPerCall(iterations, () => {
      const parsed = JSON.parse(buffer.toString('utf8')) as { media: { payload: string } };
      return Buffer.from(parsed.media.payload, 'base64').length;
    }),
  ]);
  rows.push([
    `parseAgentMessage (Buffer, as from ws), ${label}`,
    microsPerCall(iterations, () => {
      const result = parseAgentMessage(buffer, false, SID);
      return result.ok ? (result.payload?.length ?? 0) : -1;
    }),
  ]);
  rows.push([
    `parseAgentMessage (string), ${label}`,
    microsPerCall(iterations, () => {
      const result = parseAgentMessage(text, false, SID);
      return result.ok ? (result.payload?.length ?? 0) : -1;
    }),
  ]);
}

const twilioMedia = Buffer.from(template(2, 1, 102, FRAME_B64));
rows.push([
  'parseTwilioMessage (Buffer), 160 B',
  microsPerCall(200_000, () => {
    const result = parseTwilioMessage(twilioMedia, false, SID);
    return result.ok ? (result.payload?.length ?? 0) : -1;
  }),
]);

const width = Math.max(...rows.map(([name]) => name.length));
console.log(`Node ${process.version}, µs per message (median of 7 rounds)`);
for (const [name, us] of rows)
  console.log(`${name.padEnd(width)}  ${us.toFixed(3).padStart(8)} µs`);
if (sink === 42) console.log(''); // keep `sink` observable
