/**
 * `callbench run` with the cloud transcriber chosen by the environment: a black-box agent's words
 * are judged from what the fake OpenAI transcription server heard, each utterance names the
 * transcriber, and a bad CALLBENCH_TRANSCRIBER dials nothing.
 */
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTimedAgent, type TimedAgent } from '../../test/fixtures/timed-agent.ts';
import { makeKit, TEST_TTS_CACHE, type Kit } from '../../test/helpers.ts';
import {
  startFakeTranscriptionServer,
  type FakeTranscriptionServer,
} from '../transcribe/testing/fake-openai-transcription-server.ts';
import { ExitCode } from './exit-codes.ts';
import { fakeIo } from './fake-io.ts';
import { runCli } from './program.ts';

const SCENARIO = `name: heard-okay
caller: { voice: kal, line_noise_dbfs: -60 }
reply: { end_silence_ms: 600 }
turns:
  - say: "hello there"
    expect: { says: "okay" }
  - hangup
`;

let kit: Kit;
let agent: TimedAgent;
let stt: FakeTranscriptionServer;
let dir: string;

beforeAll(async () => {
  kit = await makeKit();
  agent = await startTimedAgent({
    delivery: 'burst',
    replyDelayMs: 600,
    reply: await kit.speech('okay'),
  });
  stt = await startFakeTranscriptionServer({ reply: () => ({ type: 'text', text: 'Okay.' }) });
  dir = await mkdtemp(join(tmpdir(), 'callbench-cloudstt-'));
  await writeFile(join(dir, 'heard.yaml'), SCENARIO);
});
afterAll(async () => {
  await agent?.close();
  await stt?.close();
  await kit?.close();
});

describe('callbench run with a cloud transcriber', () => {
  test('CALLBENCH_TRANSCRIBER=openai: the agent is judged from the cloud transcript, which names its transcriber', async () => {
    const out = join(dir, 'out');
    const io = fakeIo();
    io.env = {
      CALLBENCH_TRANSCRIBER: 'openai',
      OPENAI_API_KEY: stt.apiKey,
      OPENAI_BASE_URL: stt.baseURL,
      CALLBENCH_TRANSCRIBE_MODEL: 'whisper-1',
    };
    const code = await runCli(
      [
        'run',
        join(dir, 'heard.yaml'),
        '--agent',
        agent.url,
        '--out',
        out,
        '--tts-cache',
        TEST_TTS_CACHE,
        '--record',
        'none',
        '--judge-cache',
        join(dir, 'judge.json'),
      ],
      io,
    );
    // The key was used for what was asked (transcription); the judge was not asked for, and the run says so once.
    expect(io.err).toBe(
      'callbench: OPENAI_API_KEY is set, but call audio and transcripts stay on this machine unless you ask: --judge (CALLBENCH_JUDGE=openai) for the LLM judge.\n',
    );
    expect(code).toBe(ExitCode.Passed);
    expect(stt.requests.length).toBeGreaterThan(0);
    expect(stt.requests[0].fields).toMatchObject({ model: 'whisper-1', prompt: 'okay' });
    const call = JSON.parse(
      (await readFile(join(out, 'calls.jsonl'), 'utf8')).trim().split('\n')[0],
    ) as {
      heard?: Array<{ text: string; source: string; transcriber?: string }>;
      expectations?: Array<{ kind: string; passed: boolean; source: string }>;
    };
    expect(call.heard?.[0]).toMatchObject({
      text: 'Okay.',
      source: 'transcript',
      transcriber: 'openai:whisper-1',
    });
    expect(call.expectations).toEqual([
      expect.objectContaining({ kind: 'says', passed: true, source: 'transcript' }),
    ]);
  });

  test("OPENAI_API_KEY alone (the agent's, say): the transcript is made on this machine, nothing is sent, the run says so once", async () => {
    const out = join(dir, 'out-key-only');
    const io = fakeIo();
    io.env = { OPENAI_API_KEY: stt.apiKey, OPENAI_BASE_URL: stt.baseURL };
    const before = stt.requests.length;
    const code = await runCli(
      [
        'run',
        join(dir, 'heard.yaml'),
        '--agent',
        agent.url,
        '--out',
        out,
        '--tts-cache',
        TEST_TTS_CACHE,
        '--record',
        'none',
        '--judge-cache',
        join(dir, 'judge.json'),
      ],
      io,
    );
    expect(code).toBe(ExitCode.Passed);
    expect(stt.requests.length).toBe(before);
    expect(io.err.match(/OPENAI_API_KEY is set/g)).toHaveLength(1);
    expect(io.err).toContain(
      '--transcriber openai (CALLBENCH_TRANSCRIBER=openai) to transcribe with OpenAI',
    );
    const call = JSON.parse(
      (await readFile(join(out, 'calls.jsonl'), 'utf8')).trim().split('\n')[0],
    ) as { heard?: Array<{ transcriber?: string }> };
    expect(call.heard?.[0]?.transcriber).toBe('embedded');
  });

  test('--transcriber openai opts in without the environment variable', async () => {
    const io = fakeIo();
    io.env = { OPENAI_API_KEY: stt.apiKey, OPENAI_BASE_URL: stt.baseURL };
    const before = stt.requests.length;
    const code = await runCli(
      [
        'run',
        join(dir, 'heard.yaml'),
        '--agent',
        agent.url,
        '--out',
        join(dir, 'out-flag'),
        '--tts-cache',
        TEST_TTS_CACHE,
        '--record',
        'none',
        '--transcriber',
        'openai',
      ],
      io,
    );
    expect(code).toBe(ExitCode.Passed);
    expect(stt.requests.length).toBeGreaterThan(before);
  });

  test('a bad CALLBENCH_TRANSCRIBER is invalid input and nothing is dialed', async () => {
    const io = fakeIo();
    io.env = { CALLBENCH_TRANSCRIBER: 'whisper' };
    const before = stt.requests.length;
    expect(
      await runCli(
        ['run', join(dir, 'heard.yaml'), '--agent', agent.url, '--out', join(dir, 'bad')],
        io,
      ),
    ).toBe(ExitCode.InvalidInput);
    expect(io.err).toContain(
      'CALLBENCH_TRANSCRIBER must be one of embedded, openai (or unset), got "whisper"',
    );
    expect(stt.requests.length).toBe(before);
    await expect(stat(join(dir, 'bad'))).rejects.toThrow(/ENOENT/);
  });
});
