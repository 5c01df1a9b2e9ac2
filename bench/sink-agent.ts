/**
 * A minimal Media Streams agent for load benchmarks, run as its own process so the caller's
 * numbers are the caller's: it accepts any number of calls, counts what it receives, and every
 * 5 s of each call sends 2 s of speech back as 100 ms messages paced in real time (plus a
 * mark), so the caller's playback buffer, marks and VAD all work as in a real run. One shared
 * timer drives every call. Prints `{"port":…}` when listening; on "report" over IPC (or stdin
 * line) it answers with received counts and its CPU.
 *
 *   node --import tsx bench/sink-agent.ts [--reply path.wav]
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { mulawEncode } from '../src/audio/mulaw.ts';
import { lineNoise } from '../src/audio/noise.ts';

const REPLY_EVERY_MS = 5000;
const REPLY_MS = 2000;
const CHUNK_MS = 100;

// A speech-like reply: noise amplitude-modulated at syllable rate, loud enough for the VAD.
function replyChunks(): string[] {
  const pcm = lineNoise(REPLY_MS * 8, -20, 7);
  for (let i = 0; i < pcm.length; i++)
    pcm[i] = Math.round(pcm[i] * (0.55 + 0.45 * Math.sin((2 * Math.PI * 4 * i) / 8000)));
  const mulaw = mulawEncode(pcm);
  const out: string[] = [];
  for (let i = 0; i < mulaw.length; i += CHUNK_MS * 8)
    out.push(Buffer.from(mulaw.subarray(i, i + CHUNK_MS * 8)).toString('base64'));
  return out;
}

interface SinkCall {
  ws: WebSocket;
  streamSid: string;
  startedAt: number;
  mediaMessages: number;
  nextChunk: number; // index into the reply, -1 when idle
  nextReplyAt: number;
  replies: number;
}

const chunks = replyChunks();
const calls = new Set<SinkCall>();
let totalMedia = 0;
let totalCalls = 0;
const cpuStart = process.cpuUsage();
const wallStart = performance.now();

// SINK_PORT fixes the port when run by hand (e.g. for `callbench load`); a forked sink takes any free one.
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: Number(process.env.SINK_PORT ?? 0),
  perMessageDeflate: false,
});
wss.on('connection', (ws) => {
  totalCalls++;
  const call: SinkCall = {
    ws,
    streamSid: '',
    startedAt: performance.now(),
    mediaMessages: 0,
    nextChunk: -1,
    nextReplyAt: Infinity,
    replies: 0,
  };
  ws.on('message', (data) => {
    const text = String(data);
    // Cheap event sniffing: this is a sink, not a parser benchmark.
    if (text.startsWith('{"event":"media"')) {
      call.mediaMessages++;
      totalMedia++;
    } else if (text.includes('"event":"start"')) {
      call.streamSid = (JSON.parse(text) as { streamSid: string }).streamSid;
      call.nextReplyAt = process.env.SINK_SILENT ? Infinity : performance.now() + 1000;
      calls.add(call);
    }
  });
  ws.on('close', () => calls.delete(call));
});

// One timer for every call: due times advance by exactly CHUNK_MS.
let due = performance.now();
function tick(): void {
  const now = performance.now();
  for (const c of calls) {
    if (c.nextChunk < 0 && now >= c.nextReplyAt) c.nextChunk = 0;
    if (c.nextChunk < 0) continue;
    c.ws.send(
      `{"event":"media","streamSid":"${c.streamSid}","media":{"payload":"${chunks[c.nextChunk]}"}}`,
    );
    c.nextChunk++;
    if (c.nextChunk === chunks.length) {
      c.ws.send(
        `{"event":"mark","streamSid":"${c.streamSid}","mark":{"name":"reply-${c.replies++}"}}`,
      );
      c.nextChunk = -1;
      c.nextReplyAt += REPLY_EVERY_MS;
    }
  }
  due += CHUNK_MS;
  setTimeout(tick, Math.max(0, due - performance.now()));
}
tick();

function report(): Record<string, number> {
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  return {
    calls: totalCalls,
    mediaReceived: totalMedia,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
  };
}

wss.on('listening', () => {
  const { port } = wss.address() as { port: number };
  if (process.send) process.send({ port });
  else console.log(JSON.stringify({ port, url: `ws://127.0.0.1:${port}/media` }));
});
process.on('message', (m) => {
  if (m === 'report') process.send?.({ report: report() });
  if (m === 'exit') process.exit(0);
});
// A sink whose parent died must not outlive it.
if (process.send) process.on('disconnect', () => process.exit(0));
