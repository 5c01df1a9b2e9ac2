/** Shared pieces for full-stack tests: real TTS, real VAD, a scheduler, scenario builders. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVad, type VadFactory } from '../src/audio/vad.ts';
import { runCall, type CallResult, type PreparedScenario } from '../src/caller/call.ts';
import { prepareScenario } from '../src/caller/prepare.ts';
import { FrameScheduler } from '../src/caller/scheduler.ts';
import { FliteTts } from '../src/speech/flite.ts';
import { synthesizeCached } from '../src/speech/tts-cache.ts';
import {
  DEFAULT_CALLER,
  DEFAULT_MAX_DURATION_MS,
  type ReplyWait,
  type Scenario,
  type Turn,
} from '../src/scenario/types.ts';

export const TEST_TTS_CACHE = join(tmpdir(), 'callbench-test-tts-cache');

export interface Kit {
  vad: VadFactory;
  tts: FliteTts;
  scheduler: FrameScheduler;
  speech(text: string, voice?: string): Promise<Int16Array>;
  prepare(s: Scenario): Promise<PreparedScenario>;
  call(plan: PreparedScenario, url: string, callId?: string): Promise<CallResult>;
  close(): Promise<void>;
}

export async function makeKit(): Promise<Kit> {
  const vad = await loadVad();
  const tts = await FliteTts.create();
  const scheduler = new FrameScheduler();
  return {
    vad,
    tts,
    scheduler,
    speech: (text, voice = 'kal') =>
      synthesizeCached(tts, text, { voice, rate: 1 }, TEST_TTS_CACHE),
    prepare: (s) =>
      prepareScenario(s, { vadFactory: vad, getTts: async () => tts, ttsCacheDir: TEST_TTS_CACHE }),
    async call(plan, url, callId = 'call-1') {
      const v = vad.create();
      try {
        return await runCall(plan, { url, scheduler, vad: v, callId });
      } finally {
        v.dispose();
      }
    },
    close: () => tts.close(),
  };
}

const at = { file: 'test.yaml', line: 1, column: 1 };

export function wait(over: Partial<ReplyWait> = {}): ReplyWait {
  return { timeoutMs: 5000, endSilenceMs: 600, expectReply: true, ...over };
}

export const turn = {
  say: (text: string, w: Partial<ReplyWait> = {}): Turn => ({
    kind: 'say',
    utterance: { kind: 'text', text, voice: { voice: 'kal', rate: 1 } },
    wait: wait(w),
    at,
  }),
  listen: (w: Partial<ReplyWait> = {}): Turn => ({ kind: 'listen', wait: wait(w), at }),
  dtmf: (digits: string, w: Partial<ReplyWait> = {}): Turn => ({
    kind: 'dtmf',
    digits,
    gapMs: 100,
    wait: wait(w),
    at,
  }),
  silence: (ms: number): Turn => ({ kind: 'silence', durationMs: ms, at }),
  interrupt: (afterMs: number, text: string, w: Partial<ReplyWait> = {}): Turn => ({
    kind: 'interrupt',
    afterMs,
    utterance: { kind: 'text', text, voice: { voice: 'kal', rate: 1 } },
    timeoutMs: 5000,
    wait: wait(w),
    at,
  }),
  hangup: (): Turn => ({ kind: 'hangup', at }),
};

export function scenario(name: string, turns: Turn[], over: Partial<Scenario> = {}): Scenario {
  return {
    name,
    file: `/virtual/${name}.yaml`,
    caller: { ...DEFAULT_CALLER, voice: 'kal' },
    parameters: {},
    maxDurationMs: DEFAULT_MAX_DURATION_MS,
    turns,
    ...over,
  };
}
