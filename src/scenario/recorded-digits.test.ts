/**
 * `say: { digits, recorded: fsdd, speaker?, gap_ms? }`: parsed into a RecordedDigits utterance;
 * each mistake is one located error; the speaker is checked against the dataset only when the
 * dataset directory exists (a fresh clone without ../shared must still load).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ScenarioErrorCode } from './errors.ts';
import { loadScenarios } from './load.ts';
import { fixtureDir, PLAYABLE_WAV, yamlLines, type FixtureDir } from './test-fixtures.ts';
import type { Turn } from './types.ts';

let dir: FixtureDir;
let fsddDir: string;
beforeAll(async () => {
  dir = await fixtureDir();
  // Only names are listed at load time, so a bare header is enough. jackson recorded every
  // digit (3 takes), theo only 1 and 2.
  for (let digit = 0; digit <= 9; digit++)
    for (let take = 0; take < 3; take++)
      await dir.write(`fsdd/${digit}_jackson_${take}.wav`, PLAYABLE_WAV);
  await dir.write('fsdd/1_theo_0.wav', PLAYABLE_WAV);
  await dir.write('fsdd/2_theo_0.wav', PLAYABLE_WAV);
  await dir.write('fsdd/README.md', 'not a recording');
  fsddDir = join(dir.root, 'fsdd');
});
afterAll(async () => {
  await dir.remove();
});

const T = 'name: t';

async function load(lines: string[], options: { fsddDir?: string } = { fsddDir: undefined }) {
  const file = await dir.write('case.yaml', yamlLines(...lines));
  return { file, ...(await loadScenarios([file], { fsddDir: options.fsddDir ?? fsddDir })) };
}

async function turnsOf(...lines: string[]): Promise<Turn[]> {
  const { scenarios, errors } = await load([T, 'turns:', ...lines]);
  expect(errors.map((e) => e.message)).toEqual([]);
  return scenarios[0].turns;
}

describe('the recorded digits form', () => {
  test('the full form, entities included', async () => {
    const [turn] = await turnsOf(
      '  - say: { digits: "4155550134", recorded: fsdd, speaker: jackson, gap_ms: 120, entities: { phone: "4155550134" } }',
    );
    expect(turn).toMatchObject({
      kind: 'say',
      utterance: {
        kind: 'recorded_digits',
        dataset: 'fsdd',
        digits: '4155550134',
        speaker: 'jackson',
        gapMs: 120,
      },
      entities: [{ name: 'phone', type: 'phone', value: '4155550134' }],
    });
  });

  test('defaults: no speaker, 150 ms gap; unquoted digits keep their leading zero', async () => {
    const [turn] = await turnsOf('  - say: { digits: 0134, recorded: fsdd }');
    expect(turn.kind === 'say' && turn.utterance).toEqual({
      kind: 'recorded_digits',
      dataset: 'fsdd',
      digits: '0134',
      gapMs: 150,
    });
  });

  test('in an interrupt, and with gap 0', async () => {
    const [, turn] = await turnsOf(
      '  - say: { text: hi, expect_reply: false }',
      '  - interrupt: { after_ms: 300, say: { digits: "12", recorded: fsdd, speaker: theo, gap_ms: 0 } }',
    );
    expect(turn.kind === 'interrupt' && turn.utterance).toEqual({
      kind: 'recorded_digits',
      dataset: 'fsdd',
      digits: '12',
      speaker: 'theo',
      gapMs: 0,
    });
  });

  test('loads without the dataset: the speaker cannot be checked, preparation skips it', async () => {
    const { scenarios, errors } = await load(
      [T, 'turns:', '  - say: { digits: "99", recorded: fsdd, speaker: nobody }'],
      { fsddDir: join(dir.root, 'absent') },
    );
    expect(errors).toEqual([]);
    expect(scenarios).toHaveLength(1);
  });
});

interface BrokenCase {
  title: string;
  say: string;
  column: number;
  field: string;
  code: ScenarioErrorCode;
  says?: string;
  suggestion?: string;
}

// Each `say` is written on line 3 as `  - say: <say>`; the say map starts at column 10.
const cases: BrokenCase[] = [
  {
    title: 'a dash in the digits',
    say: '{ digits: "415-555", recorded: fsdd }',
    column: 20,
    field: 'turns[0].say.digits',
    code: 'invalid_value',
    says: 'remove spaces, dashes',
  },
  {
    title: 'a letter in the digits',
    say: '{ digits: "41a", recorded: fsdd }',
    column: 20,
    field: 'turns[0].say.digits',
    code: 'invalid_value',
    says: 'remove "a"',
  },
  {
    title: 'DTMF keys in the digits',
    say: '{ digits: "12#", recorded: fsdd }',
    column: 20,
    field: 'turns[0].say.digits',
    code: 'invalid_value',
    says: 'only contain 0-9',
  },
  {
    title: 'too many digits',
    say: `{ digits: "${'1'.repeat(65)}", recorded: fsdd }`,
    column: 20,
    field: 'turns[0].say.digits',
    code: 'out_of_range',
  },
  {
    title: 'no dataset',
    say: '{ digits: "123" }',
    column: 12,
    field: 'turns[0].say',
    code: 'missing_field',
    says: 'digits needs recorded:',
  },
  {
    title: 'misspelt dataset',
    say: '{ digits: "123", recorded: fssd }',
    column: 37,
    field: 'turns[0].say.recorded',
    code: 'invalid_value',
    suggestion: 'fsdd',
  },
  {
    title: 'digits and text',
    say: '{ text: hi, digits: "1", recorded: fsdd }',
    column: 22,
    field: 'turns[0].say.digits',
    code: 'conflicting_fields',
  },
  {
    title: 'voice on recorded digits',
    say: '{ digits: "1", recorded: fsdd, voice: kal }',
    column: 41,
    field: 'turns[0].say.voice',
    code: 'conflicting_fields',
    says: 'instead of digits',
  },
  {
    title: 'speaker on text',
    say: '{ text: hi, speaker: theo }',
    column: 22,
    field: 'turns[0].say.speaker',
    code: 'conflicting_fields',
    says: 'only applies to recorded digits',
  },
  {
    title: 'negative gap',
    say: '{ digits: "1", recorded: fsdd, gap_ms: -5 }',
    column: 49,
    field: 'turns[0].say.gap_ms',
    code: 'out_of_range',
  },
  {
    title: 'unknown speaker',
    say: '{ digits: "1", recorded: fsdd, speaker: jakson }',
    column: 50,
    field: 'turns[0].say.speaker',
    code: 'unknown_speaker',
    suggestion: 'jackson',
    says: "'jackson', 'theo'",
  },
  {
    title: 'speaker lacks a digit',
    say: '{ digits: "1239", recorded: fsdd, speaker: theo }',
    column: 20,
    field: 'turns[0].say.digits',
    code: 'file_not_found',
    says: 'no recording of the digits 3, 9 by theo',
  },
];

describe('each broken form yields one located error', () => {
  test.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, broken) => {
    const { file, scenarios, errors } = await load([T, 'turns:', `  - say: ${broken.say}`]);
    expect(scenarios).toEqual([]);
    expect(
      errors.map((e) => ({
        file: e.file,
        line: e.line,
        column: e.column,
        field: e.field,
        code: e.code,
      })),
    ).toEqual([{ file, line: 3, column: broken.column, field: broken.field, code: broken.code }]);
    const [error] = errors;
    if (broken.says !== undefined) expect(error.detail).toContain(broken.says);
    if (broken.suggestion !== undefined) {
      expect(error.suggestion).toBe(broken.suggestion);
      expect(error.detail).toContain(`did you mean '${broken.suggestion}'?`);
    }
  });

  test('an empty dataset directory is reported, not skipped', async () => {
    const empty = await dir.write('empty/.keep', '');
    const { errors } = await load([T, 'turns:', '  - say: { digits: "1", recorded: fsdd }'], {
      fsddDir: join(empty, '..'),
    });
    expect(errors.map((e) => e.code)).toEqual(['file_not_found']);
    expect(errors[0].detail).toContain('no FSDD recordings');
  });
});
