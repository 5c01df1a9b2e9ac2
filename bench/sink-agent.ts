/**
 * A minimal Media Streams agent for load benchmarks, run as its own process so the caller's
 * numbers are the caller's: it accepts any number of calls, counts what it receives, and every
 * 5 s of each call sends 2 s of speech back as 100 ms messages paced in real time (plus a
 * mark), so the caller's playback buffer, marks and VAD all work as in a real run. One shared
 * timer drives every call. Prints `{"port":…}` when listening; on "report" over IPC (or stdin
 * line) it answers with received counts and its CPU.
 *
 * With SINK_GOAL_REPLIES=n it also says what each reply means on its side channel
 * (`GET /calls/:callSid`, the reference agent's shape), for goal-driven callers to answer: a
 * cycle of the questions an order-status agent asks (order number, read-back, phone, date of
 * birth, name), "anything else?" as reply n−1 and goodbye as reply n, on which the caller hangs up.
 *
 *   node --import tsx bench/sink-agent.ts [--reply path.wav]
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { mulawEncode } from '../src/audio/mulaw.ts';
import { lineNoise } from '../src/audio/noise.ts';

const REPLY_EVERY_MS = 5000;
const REPLY_MS = 2000;
const CHUNK_MS = 100;
const GOAL_REPLIES = Number(process.env.SINK_GOAL_REPLIES ?? 0);
const GOAL_QUESTIONS = [
  'Thanks for calling. Could I get the number on your order?',
  'Let me read that back: A B 3 7 9 2. Is that right?',
  "What's the best number to reach you?",
  'Can you confirm your date of birth for me?',
  'And your full name, please?',
];
const ANYTHING_ELSE = 'Your order ships tomorrow. Is there anything else I can help you with?';

const GOODBYE = 'Thanks for calling. Goodbye.';

/** What reply `index` (0-based) says, in goal mode: questions, "anything else?", then goodbye (the caller hangs up). */
function goalReplyText(index: number): string {
  if (index >= GOAL_REPLIES - 1) return GOODBYE;
  if (index === GOAL_REPLIES - 2) return ANYTHING_ELSE;
  return GOAL_QUESTIONS[index % GOAL_QUESTIONS.length];
}

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
  callSid: string;
  startedAt: number;
  mediaMessages: number;
  nextChunk: number; // index into the reply, -1 when idle
  nextReplyAt: number;
  replies: number;
  /** Goal mode: what each reply said, for the side channel (ms since the stream started). */
  said: { atMs: number; reply: string }[];
}

const chunks = replyChunks();
const calls = new Set<SinkCall>();
/** Goal mode: calls by SID, for the side channel (kept after they end: a caller may still ask). */
const bySid = new Map<string, SinkCall>();
let totalMedia = 0;
let totalCalls = 0;
const cpuStart = process.cpuUsage();
const wallStart = performance.now();

// The side channel: what a call's replies said (goal mode), as the reference agent reports it.
const http = createServer((req, res) => {
  const sid = /^\/calls\/([^/?]+)/.exec(req.url ?? '')?.[1];
  const call = sid === undefined ? undefined : bySid.get(decodeURIComponent(sid));
  if (!call) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ toolCalls: [], turns: call.said }));
});
// SINK_PORT fixes the port when run by hand (e.g. for `callbench load`); a forked sink takes any free one.
http.listen(Number(process.env.SINK_PORT ?? 0), '127.0.0.1');
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
wss.on('connection', (ws) => {
  totalCalls++;
  const call: SinkCall = {
    ws,
    streamSid: '',
    callSid: '',
    startedAt: performance.now(),
    mediaMessages: 0,
    nextChunk: -1,
    nextReplyAt: Infinity,
    replies: 0,
    said: [],
  };
  ws.on('message', (data) => {
    const text = String(data);
    // Cheap event sniffing: this is a sink, not a parser benchmark.
    if (text.startsWith('{"event":"media"')) {
      call.mediaMessages++;
      totalMedia++;
    } else if (text.includes('"event":"start"')) {
      const start = JSON.parse(text) as { streamSid: string; start: { callSid: string } };
      call.streamSid = start.streamSid;
      call.callSid = start.start.callSid;
      if (GOAL_REPLIES > 0) bySid.set(call.callSid, call);
      call.nextReplyAt = process.env.SINK_SILENT ? Infinity : performance.now() + 1000;
      calls.add(call);
    }
  });
  ws.on('close', () => {
    calls.delete(call);
    // Long enough for the caller's last side-channel read; then the call is forgotten.
    if (GOAL_REPLIES > 0) setTimeout(() => bySid.delete(call.callSid), 10_000).unref();
  });
});

// One timer for every call: due times advance by exactly CHUNK_MS.
let due = performance.now();
function tick(): void {
  const now = performance.now();
  for (const c of calls) {
    if (c.nextChunk < 0 && now >= c.nextReplyAt) {
      c.nextChunk = 0;
      if (GOAL_REPLIES > 0)
        c.said.push({ atMs: Math.round(now - c.startedAt), reply: goalReplyText(c.replies) });
    }
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
      // In goal mode the goodbye is the last reply: the caller hangs up on it.
      c.nextReplyAt =
        GOAL_REPLIES > 0 && c.replies >= GOAL_REPLIES ? Infinity : c.nextReplyAt + REPLY_EVERY_MS;
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

http.on('listening', () => {
  const { port } = http.address() as { port: number };
  if (process.send) process.send({ port });
  else console.log(JSON.stringify({ port, url: `ws://127.0.0.1:${port}/media` }));
});
process.on('message', (m) => {
  if (m === 'report') process.send?.({ report: report() });
  if (m === 'exit') process.exit(0);
});
// A sink whose parent died must not outlive it.
if (process.send) process.on('disconnect', () => process.exit(0));
