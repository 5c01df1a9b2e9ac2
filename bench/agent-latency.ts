/**
 * The reference agent's embedded stack under the harness: how long callers wait, where the time
 * goes, and whether the codes and numbers they said were captured exactly.
 *
 *   npm run bench:agent                                   # 1, 10, 20, 40 concurrent calls
 *   npm run bench:agent -- --levels 40 --stt-threads 1    # does the second recognizer thread help?
 *   npm run bench:agent -- --levels 1 --calls 12 --seed 7
 *
 * The agent runs in its own process (as in production); this process is the caller. Calls are
 * generated from a seeded random source: order status with a random order code (plain or spelled
 * "A as in apple"), benefits verification with a random member ID, date of birth and ZIP, and an
 * appointment cancellation with a random spoken phone number, in four flite voices. After each
 * call the agent's /calls/:callSid side channel gives its stage timings and the arguments of its
 * tool calls, which are compared with what the caller said.
 *
 * Printed per level: caller-stops→agent-starts latency p50/p95 (as the caller heard it), the
 * agent's own stage timings p50/p95, entity exact-match per type, and failed calls.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import type { CallRecord } from '../agent/call-registry.ts';
import { loadVad } from '../src/audio/vad.ts';
import { mulberry32 } from '../src/audio/prng.ts';
import { runCall } from '../src/caller/call.ts';
import { prepareScenario } from '../src/caller/prepare.ts';
import { FrameScheduler } from '../src/caller/scheduler.ts';
import { turnMetrics } from '../src/metrics/turn-metrics.ts';
import { percentile } from '../src/metrics/percentiles.ts';
import {
  DEFAULT_CALLER,
  DEFAULT_MAX_DURATION_MS,
  DEFAULT_REPLY_WAIT,
  type ReplyWait,
  type Scenario,
  type Turn,
} from '../src/scenario/types.ts';
import { FliteTts } from '../src/speech/flite.ts';
import { DAY_ORDINALS, MONTHS } from '../src/speech/recognizer/vocabulary.ts';
import { DIGIT_NAMES, TENS_NAMES } from '../src/speech/spoken-forms-words.ts';

const { values } = parseArgs({
  options: {
    levels: { type: 'string', default: '1,10,20,40' },
    calls: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'stt-threads': { type: 'string', default: '2' },
    verbose: { type: 'boolean', default: false },
  },
});
const levels = values.levels.split(',').map(Number);
const random = mulberry32(Number(values.seed));
const TODAY = '2026-11-10';

// ---- the generated callers ----

type EntityType = 'code' | 'phone' | 'date' | 'zip';
interface ExpectedEntity {
  type: EntityType;
  tool: string;
  argument: string;
  value: string;
}
interface GeneratedCall {
  scenario: Scenario;
  entities: ExpectedEntity[];
}

const VOICES = ['slt', 'kal', 'rms', 'awb'];
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ'; // no I/O/Q: codes avoid them, as most ID schemes do
const AS_IN: Record<string, string> = {
  A: 'apple',
  B: 'boy',
  C: 'charlie',
  D: 'david',
  E: 'edward',
  F: 'frank',
  G: 'george',
  H: 'henry',
  J: 'john',
  K: 'kilo',
  L: 'lima',
  M: 'mary',
  N: 'nancy',
  P: 'peter',
  R: 'robert',
  S: 'sam',
  T: 'tango',
  U: 'uniform',
  V: 'victor',
  W: 'william',
  X: 'x-ray',
  Y: 'yankee',
  Z: 'zebra',
};

const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const digits = (n: number): string =>
  Array.from({ length: n }, () => String(Math.floor(random() * 10))).join('');
const sayDigits = (ds: string): string => [...ds].map((d) => DIGIT_NAMES[Number(d)]).join(' ');
const sayCode = (code: string, spelled: boolean): string =>
  [...code]
    .map((c) =>
      /[A-Z]/.test(c) ? (spelled ? `${c} as in ${AS_IN[c]}` : c) : DIGIT_NAMES[Number(c)],
    )
    .join(' ');

function wait(): ReplyWait {
  return { ...DEFAULT_REPLY_WAIT, timeoutMs: 15_000 };
}
const at = { file: 'bench/agent-latency.ts', line: 1, column: 1 };

function generate(i: number): GeneratedCall {
  const voice = { voice: VOICES[i % VOICES.length], rate: 1 };
  const say = (text: string): Turn => ({
    kind: 'say',
    utterance: { kind: 'text', text, voice },
    wait: wait(),
    at,
  });
  const base = (name: string, turns: Turn[]): Scenario => ({
    name,
    file: at.file,
    caller: { ...DEFAULT_CALLER, ...voice, lineNoiseDbfs: -60 },
    parameters: {},
    maxDurationMs: DEFAULT_MAX_DURATION_MS,
    turns: [{ kind: 'listen', wait: wait(), at }, ...turns],
  });
  switch (i % 3) {
    case 0: {
      const code = pick([...LETTERS]) + pick([...LETTERS]) + digits(4);
      const spelled = random() < 0.5;
      return {
        scenario: base(`order-${code}`, [
          say('I want to check on my order'),
          say(sayCode(code, spelled)),
          say('yes'),
          say('no thank you'),
        ]),
        entities: [{ type: 'code', tool: 'lookup_order', argument: 'order_id', value: code }],
      };
    }
    case 1: {
      const member = 'M' + digits(7);
      const year = 1950 + Math.floor(random() * 50);
      const month = Math.floor(random() * 12);
      const day = 1 + Math.floor(random() * 28);
      const zip = digits(5);
      const yearWords =
        `nineteen ${TENS_NAMES[Math.floor((year % 100) / 10)]} ${year % 10 === 0 ? '' : DIGIT_NAMES[year % 10]}`.trim();
      const dob = `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      return {
        scenario: base(`benefits-${member}`, [
          say('I want to check my benefits'),
          say(sayCode(member, true)),
          say('yes'),
          say(`${MONTHS[month]} ${DAY_ORDINALS[day - 1]} ${yearWords}`),
          say('yes'),
          say(sayDigits(zip)),
          say('yes'),
          say('no thank you'),
        ]),
        entities: [
          { type: 'code', tool: 'verify_member', argument: 'member_id', value: member },
          { type: 'date', tool: 'verify_member', argument: 'date_of_birth', value: dob },
          { type: 'zip', tool: 'verify_member', argument: 'zip', value: zip },
        ],
      };
    }
    default: {
      const phone = String(2 + Math.floor(random() * 8)) + digits(9);
      const spoken = `${sayDigits(phone.slice(0, 3))}, ${sayDigits(phone.slice(3, 6))}, ${sayDigits(phone.slice(6))}`;
      return {
        scenario: base(`cancel-${phone}`, [
          say('I want to cancel my appointment'),
          say(spoken),
          say('yes'),
          say('no thank you'),
        ]),
        entities: [{ type: 'phone', tool: 'find_appointment', argument: 'phone', value: phone }],
      };
    }
  }
}

// ---- the agent, in its own process ----

interface AgentProcess {
  mediaUrl: string;
  httpUrl: string;
  stop(): Promise<void>;
}

async function startAgent(sttThreads: string): Promise<AgentProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      resolve('bin/callbench.js'),
      'agent',
      '--port',
      '0',
      '--today',
      TODAY,
      '--stt-threads',
      sttThreads,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, OPENAI_API_KEY: '', ASSEMBLYAI_API_KEY: '', ELEVENLABS_API_KEY: '' },
    },
  );
  const mediaUrl = await new Promise<string>((res, rej) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening: (ws:\/\/\S+)/.exec(out);
      if (m) res(m[1]);
    });
    child.once('exit', (code) =>
      rej(new Error(`the agent exited (${code}) before listening: ${out}`)),
    );
  });
  return {
    mediaUrl,
    httpUrl: mediaUrl.replace(/^ws/, 'http').replace(/\/media$/, ''),
    stop: () =>
      new Promise((res) => {
        child.once('exit', () => res());
        child.kill('SIGINT');
      }),
  };
}

// ---- one level ----

interface LevelResult {
  concurrency: number;
  calls: number;
  failed: number;
  latencies: number[];
  stages: Record<
    'stt_final_ms' | 'brain_first_text_ms' | 'tts_first_audio_ms' | 'response_ms',
    number[]
  >;
  entities: { type: EntityType; expected: string; got: string | null }[];
  seconds: number;
}

async function runLevel(
  agent: AgentProcess,
  concurrency: number,
  count: number,
  tts: FliteTts,
  first: number,
): Promise<LevelResult> {
  const vadFactory = await loadVad();
  const scheduler = new FrameScheduler();
  const generated = Array.from({ length: count }, (_, k) => generate(first + k));
  const plans = await Promise.all(
    generated.map((g) =>
      prepareScenario(g.scenario, {
        vadFactory,
        getTts: async () => tts,
        ttsCacheDir: resolve('recordings/.cache/tts'),
      }),
    ),
  );
  const result: LevelResult = {
    concurrency,
    calls: count,
    failed: 0,
    latencies: [],
    entities: [],
    seconds: 0,
    stages: { stt_final_ms: [], brain_first_text_ms: [], tts_first_audio_ms: [], response_ms: [] },
  };
  const started = performance.now();
  const limit = pLimit(concurrency);
  await Promise.all(
    plans.map((plan, k) =>
      limit(async () => {
        const vad = vadFactory.create();
        try {
          const call = await runCall(plan, {
            url: agent.mediaUrl,
            scheduler,
            vad,
            callId: `bench-${first + k}`,
          });
          if (call.status !== 'passed') {
            result.failed++;
            if (values.verbose)
              console.log(`  ${plan.scenario.name}: ${call.status} ${call.reason ?? ''}`);
          }
          for (const t of turnMetrics(call.events))
            if (t.latencyMs !== null) result.latencies.push(t.latencyMs);
          const record = (await (
            await fetch(`${agent.httpUrl}/calls/${call.callSid}`)
          ).json()) as CallRecord;
          for (const t of record.turns) {
            if (t.source !== 'speech') continue;
            for (const key of Object.keys(result.stages) as (keyof LevelResult['stages'])[]) {
              const v = t[key];
              if (typeof v === 'number') result.stages[key].push(v);
            }
          }
          for (const e of generated[k].entities) {
            const calls = record.toolCalls.filter((c) => c.name === e.tool);
            const got = calls.length > 0 ? String(calls[0].arguments[e.argument] ?? '') : null;
            result.entities.push({ type: e.type, expected: e.value, got });
            if (values.verbose && got !== e.value)
              console.log(`  ${e.type}: said ${e.value}, captured ${got ?? '(no tool call)'}`);
          }
        } finally {
          vad.dispose();
        }
      }),
    ),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

const fmt = (xs: number[], p: number): string => {
  const v = percentile(xs, p);
  return v === null ? '-' : String(Math.round(v));
};

function print(r: LevelResult): void {
  const line = (name: string, xs: number[]) =>
    `    ${name.padEnd(22)} n=${String(xs.length).padStart(4)}  p50 ${fmt(xs, 50).padStart(5)}  p95 ${fmt(xs, 95).padStart(5)} ms`;
  // A scripted caller confirms every read-back, so a misheard value can take the dialog off script
  // (a member that does not verify, a booking not found): such calls count as off-script.
  console.log(
    `\n${r.concurrency} concurrent call(s): ${r.calls} calls in ${r.seconds.toFixed(0)} s, ${r.failed} ended off-script or failed`,
  );
  console.log(line('caller-heard latency', r.latencies));
  for (const [k, xs] of Object.entries(r.stages)) console.log(line(k, xs));
  const types = [...new Set(r.entities.map((e) => e.type))];
  const all = r.entities.filter((e) => e.got === e.expected).length;
  console.log(
    `    entity exact match    ${all}/${r.entities.length} (${((100 * all) / Math.max(1, r.entities.length)).toFixed(0)}%): ` +
      types
        .map((t) => {
          const es = r.entities.filter((e) => e.type === t);
          return `${t} ${es.filter((e) => e.got === e.expected).length}/${es.length}`;
        })
        .join(', '),
  );
}

const tts = await FliteTts.create({ workers: 2 });
const agent = await startAgent(values['stt-threads']);
console.log(
  `reference agent (embedded stack, ${values['stt-threads']} recognizer thread(s)) at ${agent.mediaUrl}; seed ${values.seed}`,
);
let next = 0;
try {
  for (const n of levels) {
    const count = values.calls ? Number(values.calls) : Math.max(6, 2 * n);
    print(await runLevel(agent, n, count, tts, next));
    next += count;
  }
} finally {
  await agent.stop();
  await tts.close();
}
