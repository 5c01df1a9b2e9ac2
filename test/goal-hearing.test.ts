/**
 * A goal-driven caller that hears the agent only through a transcript of its audio
 * (caller.hearing: transcript), against the reference agent, which also reports its words on its
 * side channel: the caller must not use them. The shipped goal-orders/status scenario, patient.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { ExitCode } from '../src/cli/exit-codes.ts';
import { fakeIo } from '../src/cli/fake-io.ts';
import { runCli } from '../src/cli/program.ts';
import { TEST_TTS_CACHE } from './helpers.ts';

const SCENARIO = fileURLToPath(new URL('../scenarios/goal/orders/status.yaml', import.meta.url));

it('a goal-driven caller hearing the agent by transcript alone completes the order-status call', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'callbench-hearing-'));
  const source = await readFile(SCENARIO, 'utf8');
  expect(source).toContain('\n  goal:');
  const copy = join(dir, 'status.yaml');
  await writeFile(
    copy,
    source
      .replace('\n  goal:', '\n  hearing: transcript\n  persona: { patience: high }\n  goal:')
      .replace(/\n {2}persona: \{ spells_codes[^\n]*/, ''),
  );
  const io = fakeIo(undefined, dir);
  const code = await runCli(
    ['run', copy, '--out', join(dir, 'out'), '--tts-cache', TEST_TTS_CACHE],
    io,
  );
  const events = (await readFile(join(dir, 'out', 'events.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const lines = events.filter((e) => e.type === 'caller_line');
  const out =
    io.out +
    io.err +
    '\n' +
    lines.map((e) => `${String(e.heard)} => ${String(e.intent)}: ${String(e.say)}`).join('\n');
  expect(code, out).toBe(ExitCode.Passed);
  expect(lines.length, out).toBeGreaterThanOrEqual(3);
  expect(
    lines.every((e) => e.heard_from === 'transcript'),
    out,
  ).toBe(true);
  // What was heard is the recognizer's, not the side channel's text (no punctuation, rough words).
  expect(
    lines.some((e) => /order number/.test(String(e.heard))),
    out,
  ).toBe(true);
  expect(
    lines.map((e) => e.intent),
    out,
  ).toEqual(expect.arrayContaining(['ask_order_number', 'confirm']));
}, 600_000);
