/**
 * One broken input per row, each with exactly one problem: the loader must name the exact line,
 * column, field and code (and, where it matters, say what to do).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatScenarioError, type ScenarioErrorCode } from './errors.ts';
import { loadScenarios } from './load.ts';
import { fixtureDir, PLAYABLE_WAV, yamlLines, type FixtureDir } from './test-fixtures.ts';

interface BrokenCase {
  title: string;
  yaml: string[];
  line: number;
  column: number;
  field: string;
  code: ScenarioErrorCode;
  /** A piece of the message that tells the author what to do. */
  says?: string;
  suggestion?: string;
}

const T = 'name: t';
const cases: BrokenCase[] = [
  // --- the file as a whole
  {
    title: 'tab indentation',
    yaml: [T, 'turns:', '\t- listen'],
    line: 3,
    column: 1,
    field: '',
    code: 'yaml_syntax',
    says: 'indent with spaces',
  },
  {
    title: 'unclosed flow list',
    yaml: [T, 'turns: [listen'],
    line: 3,
    column: 1,
    field: '',
    code: 'yaml_syntax',
  },
  {
    title: 'two YAML documents',
    yaml: [T, '---', 'name: u'],
    line: 2,
    column: 1,
    field: '',
    code: 'yaml_syntax',
    says: "remove the '---'",
  },
  {
    title: 'the same key twice',
    yaml: [T, 'name: u', 'turns: [hangup]'],
    line: 2,
    column: 1,
    field: '',
    code: 'duplicate_key',
    says: "'name' appears twice",
  },
  { title: 'empty file', yaml: [''], line: 1, column: 1, field: '', code: 'empty_scenario' },
  {
    title: 'a list instead of a map',
    yaml: ['- listen'],
    line: 1,
    column: 1,
    field: '',
    code: 'wrong_type',
    says: 'the scenario file must be a map',
  },
  // --- top-level fields
  {
    title: 'missing name',
    yaml: ['turns: [hangup]'],
    line: 1,
    column: 1,
    field: 'name',
    code: 'missing_field',
    says: 'name: case',
  },
  { title: 'missing turns', yaml: [T], line: 1, column: 1, field: 'turns', code: 'missing_field' },
  {
    title: 'empty turns',
    yaml: [T, 'turns: []'],
    line: 2,
    column: 8,
    field: 'turns',
    code: 'empty_scenario',
  },
  {
    title: 'turns not a list',
    yaml: [T, 'turns: listen'],
    line: 2,
    column: 8,
    field: 'turns',
    code: 'wrong_type',
  },
  {
    title: 'name with spaces',
    yaml: ['name: my test', 'turns: [hangup]'],
    line: 1,
    column: 7,
    field: 'name',
    code: 'invalid_value',
    says: 'e.g. my-test',
  },
  {
    title: 'misspelt top-level key',
    yaml: [T, 'descripton: x', 'turns: [hangup]'],
    line: 2,
    column: 1,
    field: 'descripton',
    code: 'unknown_field',
    suggestion: 'description',
  },
  {
    title: 'caller key at top level',
    yaml: [T, 'voice: kal', 'turns: [hangup]'],
    line: 2,
    column: 1,
    field: 'voice',
    code: 'unknown_field',
    says: 'belongs under caller:',
  },
  {
    title: 'max_duration_ms not whole',
    yaml: [T, 'max_duration_ms: 1500.5', 'turns: [hangup]'],
    line: 2,
    column: 18,
    field: 'max_duration_ms',
    code: 'wrong_type',
  },
  {
    title: 'max_duration_ms zero',
    yaml: [T, 'max_duration_ms: 0', 'turns: [hangup]'],
    line: 2,
    column: 18,
    field: 'max_duration_ms',
    code: 'out_of_range',
  },
  {
    title: 'max_duration_ms with a unit',
    yaml: [T, 'max_duration_ms: 2m', 'turns: [hangup]'],
    line: 2,
    column: 18,
    field: 'max_duration_ms',
    code: 'wrong_type',
  },
  // --- caller
  {
    title: 'unknown voice',
    yaml: [T, 'caller:', '  voice: sltt', 'turns: [hangup]'],
    line: 3,
    column: 10,
    field: 'caller.voice',
    code: 'unknown_voice',
    suggestion: 'slt',
  },
  {
    title: 'rate as a word',
    yaml: [T, 'caller: { rate: fast }', 'turns: [hangup]'],
    line: 2,
    column: 17,
    field: 'caller.rate',
    code: 'wrong_type',
  },
  {
    title: 'rate too fast',
    yaml: [T, 'caller: { rate: 3 }', 'turns: [hangup]'],
    line: 2,
    column: 17,
    field: 'caller.rate',
    code: 'out_of_range',
  },
  {
    title: 'pitch too low',
    yaml: [T, 'caller: { pitch_hz: 20 }', 'turns: [hangup]'],
    line: 2,
    column: 21,
    field: 'caller.pitch_hz',
    code: 'out_of_range',
  },
  {
    title: 'noise misspelt off',
    yaml: [T, 'caller: { line_noise_dbfs: of }', 'turns: [hangup]'],
    line: 2,
    column: 28,
    field: 'caller.line_noise_dbfs',
    code: 'wrong_type',
    says: 'or off',
  },
  {
    title: 'noise too loud',
    yaml: [T, 'caller: { line_noise_dbfs: -5 }', 'turns: [hangup]'],
    line: 2,
    column: 28,
    field: 'caller.line_noise_dbfs',
    code: 'out_of_range',
  },
  {
    title: 'camelCase caller key',
    yaml: [T, 'caller: { pitchHz: 120 }', 'turns: [hangup]'],
    line: 2,
    column: 11,
    field: 'caller.pitchHz',
    code: 'unknown_field',
    suggestion: 'pitch_hz',
  },
  // --- parameters and reply defaults
  {
    title: 'parameter value is a list',
    yaml: [T, 'parameters: { customer: [1] }', 'turns: [hangup]'],
    line: 2,
    column: 25,
    field: 'parameters.customer',
    code: 'wrong_type',
  },
  {
    title: 'parameter without value',
    yaml: [T, 'parameters:', '  customer:', 'turns: [hangup]'],
    line: 3,
    column: 3,
    field: 'parameters.customer',
    code: 'wrong_type',
    says: 'use "" for empty',
  },
  {
    title: 'parameters not a map',
    yaml: [T, 'parameters: vip', 'turns: [hangup]'],
    line: 2,
    column: 13,
    field: 'parameters',
    code: 'wrong_type',
  },
  {
    title: 'parameter over Twilio limit',
    yaml: [T, `parameters: { k: ${'x'.repeat(499)} }`, 'turns: [hangup]'],
    line: 2,
    column: 18,
    field: 'parameters.k',
    code: 'out_of_range',
  },
  {
    title: 'misspelt reply key',
    yaml: [T, 'reply: { tmeout_ms: 3000 }', 'turns: [hangup]'],
    line: 2,
    column: 10,
    field: 'reply.tmeout_ms',
    code: 'unknown_field',
    says: "did you mean 'timeout_ms'?",
    suggestion: 'timeout_ms',
  },
  {
    title: 'end silence too short',
    yaml: [T, 'reply: { end_silence_ms: 50 }', 'turns: [hangup]'],
    line: 2,
    column: 26,
    field: 'reply.end_silence_ms',
    code: 'out_of_range',
  },
  // --- turn items
  {
    title: 'misspelt turn kind',
    yaml: [T, 'turns:', '  - sya: hi'],
    line: 3,
    column: 5,
    field: 'turns[0].sya',
    code: 'unknown_field',
    suggestion: 'say',
  },
  {
    title: 'two kinds in one turn',
    yaml: [T, 'turns:', '  - say: hi', '    dtmf: "1"'],
    line: 4,
    column: 5,
    field: 'turns[0]',
    code: 'invalid_turn',
    says: 'make each its own list item',
  },
  {
    title: 'option beside its turn',
    yaml: [T, 'turns:', '  - say: hi', '    expect_reply: false'],
    line: 4,
    column: 5,
    field: 'turns[0].expect_reply',
    code: 'unknown_field',
    says: 'goes inside it',
  },
  {
    title: 'empty turn',
    yaml: [T, 'turns:', '  - {}'],
    line: 3,
    column: 5,
    field: 'turns[0]',
    code: 'invalid_turn',
  },
  {
    title: 'misspelt bare turn',
    yaml: [T, 'turns:', '  - hangpu'],
    line: 3,
    column: 5,
    field: 'turns[0]',
    code: 'invalid_turn',
    suggestion: 'hangup',
  },
  {
    title: 'null turn',
    yaml: [T, 'turns:', '  - ~'],
    line: 3,
    column: 5,
    field: 'turns[0]',
    code: 'invalid_turn',
    says: 'got nothing',
  },
  {
    title: 'number as a turn',
    yaml: [T, 'turns:', '  - 42'],
    line: 3,
    column: 5,
    field: 'turns[0]',
    code: 'invalid_turn',
  },
  {
    title: 'bare say',
    yaml: [T, 'turns:', '  - say'],
    line: 3,
    column: 5,
    field: 'turns[0].say',
    code: 'missing_field',
  },
  {
    title: 'hangup before the end',
    yaml: [T, 'turns:', '  - hangup: {}', '  - listen: {}'],
    line: 3,
    column: 5,
    field: 'turns[0].hangup',
    code: 'hangup_not_last',
    says: 'turns[1] would never run',
  },
  {
    title: 'hangup with options',
    yaml: [T, 'turns:', '  - hangup: { now: true }'],
    line: 3,
    column: 15,
    field: 'turns[0].hangup.now',
    code: 'unknown_field',
    says: 'takes no fields',
  },
  {
    title: 'listen with expect_reply',
    yaml: [T, 'turns:', '  - listen: { expect_reply: false }'],
    line: 3,
    column: 15,
    field: 'turns[0].listen.expect_reply',
    code: 'unknown_field',
  },
  {
    title: 'listen timeout without unit',
    yaml: [T, 'turns:', '  - listen: { timeout: 8000 }'],
    line: 3,
    column: 15,
    field: 'turns[0].listen.timeout',
    code: 'unknown_field',
    suggestion: 'timeout_ms',
  },
  // --- say
  {
    title: 'say without text or audio',
    yaml: [T, 'turns:', '  - say: { voice: kal }'],
    line: 3,
    column: 10,
    field: 'turns[0].say',
    code: 'missing_field',
    says: 'needs text',
  },
  {
    title: 'say with text and audio',
    yaml: [T, 'turns:', '  - say: { text: hi, audio: a.wav }'],
    line: 3,
    column: 22,
    field: 'turns[0].say.audio',
    code: 'conflicting_fields',
  },
  {
    title: 'say rate as a word',
    yaml: [T, 'turns:', '  - say: { text: hi, rate: fast }'],
    line: 3,
    column: 28,
    field: 'turns[0].say.rate',
    code: 'wrong_type',
    says: 'rate must be a number between 0.5 and 2, got "fast"',
  },
  {
    title: 'expect_reply as yes',
    yaml: [T, 'turns:', '  - say: { text: hi, expect_reply: yes }'],
    line: 3,
    column: 36,
    field: 'turns[0].say.expect_reply',
    code: 'wrong_type',
    says: 'true or false',
  },
  {
    title: 'zero timeout',
    yaml: [T, 'turns:', '  - say: { text: hi, timeout_ms: 0 }'],
    line: 3,
    column: 34,
    field: 'turns[0].say.timeout_ms',
    code: 'out_of_range',
  },
  {
    title: 'say voice misspelt',
    yaml: [T, 'turns:', '  - say: { text: hi, voice: kal8 }'],
    line: 3,
    column: 29,
    field: 'turns[0].say.voice',
    code: 'unknown_voice',
    suggestion: 'kal',
  },
  {
    title: 'empty text',
    yaml: [T, 'turns:', '  - say: ""'],
    line: 3,
    column: 10,
    field: 'turns[0].say',
    code: 'invalid_value',
  },
  {
    title: 'say with nothing',
    yaml: [T, 'turns:', '  - say:'],
    line: 3,
    column: 5,
    field: 'turns[0].say',
    code: 'wrong_type',
  },
  {
    title: 'missing audio file',
    yaml: [T, 'turns:', '  - say: { audio: nowhere.wav }'],
    line: 3,
    column: 19,
    field: 'turns[0].say.audio',
    code: 'file_not_found',
    says: 'relative to the scenario file',
  },
  {
    title: 'audio not a WAV',
    yaml: [T, 'turns:', '  - say: { audio: not-a-wav.wav }'],
    line: 3,
    column: 19,
    field: 'turns[0].say.audio',
    code: 'not_wav',
  },
  {
    title: 'audio is a folder',
    yaml: [T, 'turns:', '  - say: { audio: sub }'],
    line: 3,
    column: 19,
    field: 'turns[0].say.audio',
    code: 'file_unreadable',
  },
  {
    title: 'voice on a recording',
    yaml: [T, 'turns:', '  - say: { audio: ok.wav, voice: kal }'],
    line: 3,
    column: 27,
    field: 'turns[0].say.voice',
    code: 'conflicting_fields',
  },
  // --- dtmf
  {
    title: 'dtmf with a dash',
    yaml: [T, 'turns:', '  - dtmf: "12-34"'],
    line: 3,
    column: 11,
    field: 'turns[0].dtmf',
    code: 'invalid_value',
    says: 'remove spaces and dashes',
  },
  {
    title: 'dtmf lower-case letter',
    yaml: [T, 'turns:', '  - dtmf: 1a'],
    line: 3,
    column: 11,
    field: 'turns[0].dtmf',
    code: 'invalid_value',
    says: 'upper-case A-D',
  },
  {
    title: 'dtmf with W',
    yaml: [T, 'turns:', '  - dtmf: 1W2'],
    line: 3,
    column: 11,
    field: 'turns[0].dtmf',
    code: 'invalid_value',
    says: 'ww',
  },
  {
    title: 'dtmf star unquoted',
    yaml: [T, 'turns:', '  - dtmf: *1#'],
    line: 3,
    column: 11,
    field: 'turns[0].dtmf',
    code: 'yaml_syntax',
    says: 'quote the value: "*1#"',
  },
  {
    title: 'dtmf only pauses',
    yaml: [T, 'turns:', '  - dtmf: { digits: www }'],
    line: 3,
    column: 21,
    field: 'turns[0].dtmf.digits',
    code: 'invalid_value',
  },
  {
    title: 'dtmf map without digits',
    yaml: [T, 'turns:', '  - dtmf: { gap_ms: 300 }'],
    line: 3,
    column: 11,
    field: 'turns[0].dtmf',
    code: 'missing_field',
  },
  {
    title: 'dtmf gap too short',
    yaml: [T, 'turns:', '  - dtmf: { digits: "1", gap_ms: 5 }'],
    line: 3,
    column: 34,
    field: 'turns[0].dtmf.gap_ms',
    code: 'out_of_range',
  },
  // --- silence
  {
    title: 'silence with a unit',
    yaml: [T, 'turns:', '  - silence: 4s'],
    line: 3,
    column: 14,
    field: 'turns[0].silence',
    code: 'wrong_type',
  },
  {
    title: 'silence map without ms',
    yaml: [T, 'turns:', '  - silence: {}'],
    line: 3,
    column: 14,
    field: 'turns[0].silence',
    code: 'missing_field',
  },
  {
    title: 'silence of zero',
    yaml: [T, 'turns:', '  - silence: { ms: 0 }'],
    line: 3,
    column: 20,
    field: 'turns[0].silence.ms',
    code: 'out_of_range',
  },
  // --- interrupt
  {
    title: 'interrupt without say',
    yaml: [T, 'turns:', '  - interrupt: { after_ms: 800 }'],
    line: 3,
    column: 16,
    field: 'turns[0].interrupt',
    code: 'missing_field',
    says: 'needs say',
  },
  {
    title: 'interrupt negative delay',
    yaml: [T, 'turns:', '  - interrupt: { after_ms: -1, say: stop }'],
    line: 3,
    column: 28,
    field: 'turns[0].interrupt.after_ms',
    code: 'out_of_range',
  },
  {
    title: 'interrupt say voice',
    yaml: [T, 'turns:', '  - interrupt: { after_ms: 0, say: { text: stop, voice: bob } }'],
    line: 3,
    column: 57,
    field: 'turns[0].interrupt.say.voice',
    code: 'unknown_voice',
  },
  {
    title: 'interrupt as text',
    yaml: [T, 'turns:', '  - interrupt: stop'],
    line: 3,
    column: 16,
    field: 'turns[0].interrupt',
    code: 'wrong_type',
  },
];

let dir: FixtureDir;
beforeAll(async () => {
  dir = await fixtureDir();
  await dir.write('ok.wav', PLAYABLE_WAV);
  await dir.write('not-a-wav.wav', 'ID3 this is an mp3');
  await dir.write('sub/.keep', '');
});
afterAll(async () => {
  await dir.remove();
});

describe('each broken input yields one located error', () => {
  test.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, broken) => {
    const file = await dir.write('case.yaml', yamlLines(...broken.yaml));
    const { scenarios, errors } = await loadScenarios([file]);
    expect(scenarios).toEqual([]);
    expect(
      errors.map((e) => ({
        file: e.file,
        line: e.line,
        column: e.column,
        field: e.field,
        code: e.code,
      })),
    ).toEqual([
      { file, line: broken.line, column: broken.column, field: broken.field, code: broken.code },
    ]);
    const [error] = errors;
    if (broken.says !== undefined) expect(error.detail).toContain(broken.says);
    if (broken.suggestion !== undefined) {
      expect(error.suggestion).toBe(broken.suggestion);
      expect(error.detail).toContain(`did you mean '${broken.suggestion}'?`);
    }
  });
});

test('the message reads file:line:column section: what to do', async () => {
  const file = await dir.write(
    'scenarios/x.yaml',
    yamlLines(T, 'turns:', '  - listen: {}', '  - say: hi', '  - say: { text: hi, rate: fast }'),
  );
  const { errors } = await loadScenarios([file]);
  expect(errors.map((e) => formatScenarioError(e, { relativeTo: dir.root }))).toEqual([
    'scenarios/x.yaml:5:28 turns[3] (say): rate must be a number between 0.5 and 2, got "fast"',
  ]);
  expect(errors[0].message).toBe(
    `${file}:5:28 turns[3] (say): rate must be a number between 0.5 and 2, got "fast"`,
  );
});
