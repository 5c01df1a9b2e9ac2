/**
 * Speech styles for a goal-driven caller, against the reference agent, in one call: a scripted
 * `interrupt` talks over the greeting, then the goal-driven caller takes over with
 * `persona.number_pause_ms`, pausing in the middle of the order number it spells. The call still
 * completes (the pause is shorter than the agent's end-of-turn wait inside a code); the pause is
 * in the caller's audio as asked (the recording), and its caller_line records how it was said.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { rmsDbfs } from '../src/audio/level.ts';
import { ExitCode } from '../src/cli/exit-codes.ts';
import { fakeIo } from '../src/cli/fake-io.ts';
import { runCli } from '../src/cli/program.ts';
import { TEST_TTS_CACHE } from './helpers.ts';

const SCENARIO = fileURLToPath(new URL('../scenarios/goal/orders/status.yaml', import.meta.url));
const PAUSE_MS = 500;
const DIGIT_WORD = /\b(zero|oh|one|two|three|four|five|six|seven|eight|nine)\b/i;

/** The caller's (left) channel of a stereo 16-bit recording. */
function callerChannel(wav: Buffer): Int16Array {
  const data = wav.indexOf('data', 12, 'ascii');
  const bytes = wav.readUInt32LE(data + 4);
  const samples = new Int16Array(bytes / 4);
  for (let i = 0; i < samples.length; i++) samples[i] = wav.readInt16LE(data + 8 + i * 4);
  return samples;
}

/** The longest run of quiet 20 ms frames (below -45 dBFS) between two sample positions, in ms. */
function longestQuietMs(samples: Int16Array, from: number, to: number): number {
  let run = 0;
  let longest = 0;
  for (let at = from; at + 160 <= to; at += 160) {
    run = rmsDbfs(samples, at, at + 160) < -45 ? run + 20 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

it('a goal-driven caller that talks over the greeting and pauses mid-number completes its call', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'callbench-styles-'));
  const source = await readFile(SCENARIO, 'utf8');
  const copy = join(dir, 'styled.yaml');
  await writeFile(
    copy,
    source
      .replace(/\n {2}persona: \{[^\n]*/, '')
      .replace(
        '\n  goal:',
        `\n  persona: { spells_codes: as_in, patience: high, number_pause_ms: ${PAUSE_MS} }\n  goal:`,
      )
      .replace(
        '  - listen: {}\n',
        '  - interrupt: { after_ms: 800, say: "Hi, I am calling about my order" }\n',
      ),
  );
  expect(await readFile(copy, 'utf8')).toMatch(/number_pause_ms: 500 }[^]*- interrupt:/);
  const io = fakeIo(undefined, dir);
  const out = join(dir, 'out');
  const code = await runCli(
    ['run', copy, '--out', out, '--tts-cache', TEST_TTS_CACHE, '--record', 'all'],
    io,
  );
  const events = (await readFile(join(out, 'events.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const lines = events.filter((e) => e.type === 'caller_line');
  const log =
    io.out +
    io.err +
    '\n' +
    lines.map((e) => `${String(e.heard)} => ${String(e.intent)}: ${String(e.say)}`).join('\n');
  expect(code, log).toBe(ExitCode.Passed);

  // The scripted interruption talked over the greeting, before the conversation began.
  const interrupt = events.find((e) => e.type === 'interrupt_started');
  expect(interrupt, log).toMatchObject({ turn: 0, after_ms: 800 });
  expect(Number(interrupt?.t_ms)).toBeGreaterThan(Number(interrupt?.agent_onset_ms));

  // The order number, said with the pause where scripted styles put it; recorded on its line.
  const spelled = lines.find((e) => e.intent === 'ask_order_number');
  expect(spelled, log).toMatchObject({
    say: 'A as in apple B as in boy three seven nine two',
    spoken: 'A as in apple B as in boy three seven [pause 0.5 s] nine two',
    number_pause_ms: PAUSE_MS,
  });
  // Lines without a number in them ("Yes.", the opening) are said as decided.
  expect(
    lines.filter((e) => e.spoken !== undefined && !DIGIT_WORD.test(String(e.say))),
    log,
  ).toEqual([]);

  // In the caller's audio the agent received: one quiet stretch of the pause asked (flite's own
  // lead-in and trailing quiet around it cut), longer than any gap between its words.
  const started = events.find((e) => e.type === 'call_started');
  const recordingStartMs = Number(started?.recording_start_ms ?? started?.first_media_ms);
  const turn = spelled?.turn;
  const speech = (type: string) =>
    Number(events.find((e) => e.type === type && e.turn === turn)?.t_ms) - recordingStartMs;
  const caller = callerChannel(await readFile(join(out, 'recordings', 'call-0001.wav')));
  const quiet = longestQuietMs(
    caller,
    Math.round(speech('caller_speech_started') * 8),
    Math.round(speech('caller_speech_ended') * 8),
  );
  expect(quiet, log).toBeGreaterThanOrEqual(PAUSE_MS - 40);
  expect(quiet, log).toBeLessThanOrEqual(PAUSE_MS + 60);
}, 600_000);
