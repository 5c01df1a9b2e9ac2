import { describe, expect, test } from 'vitest';
import {
  formatScenarioError,
  ScenarioError,
  sortScenarioErrors,
  type ScenarioErrorInfo,
} from './errors.ts';
import { formatFieldPath, splitField } from './field-path.ts';
import { VOICES } from './rules.ts';
import { nearest } from './suggest.ts';

const base: ScenarioErrorInfo = {
  file: '/repo/scenarios/x.yaml',
  line: 12,
  column: 9,
  field: 'turns[2].say.rate',
  code: 'wrong_type',
  detail: 'rate must be …',
};

describe('formatScenarioError', () => {
  test.each([
    [{}, '/repo/scenarios/x.yaml:12:9 turns[3] (say): rate must be …'],
    [{ relativeTo: '/repo' }, 'scenarios/x.yaml:12:9 turns[3] (say): rate must be …'],
    [{ relativeTo: '/elsewhere' }, '/repo/scenarios/x.yaml:12:9 turns[3] (say): rate must be …'],
  ])('file shown with %o', (options, expected) => {
    expect(formatScenarioError(base, options)).toBe(expected);
  });

  test.each([
    // The field path is 0-based (turns[2] is the third item); the message numbers turns from 1, as everywhere.
    ['turns[2].say.rate', 'turns[3] (say)'],
    ['turns[6].interrupt.say.voice', 'turns[7] (interrupt)'],
    ['turns[3]', 'turns[4]'],
    ['turns[3].sya', 'turns[4]'],
    ['caller.voice', 'caller'],
    ['parameters.customer', 'parameters'],
  ])('field %s is shown under section %s', (field, section) => {
    expect(formatScenarioError({ ...base, field })).toBe(
      `/repo/scenarios/x.yaml:12:9 ${section}: rate must be …`,
    );
  });

  test('top-level fields and whole-file problems have no section; whole-file problems no position', () => {
    expect(formatScenarioError({ ...base, field: 'name' })).toBe(
      '/repo/scenarios/x.yaml:12:9: rate must be …',
    );
    expect(
      formatScenarioError({
        ...base,
        line: 0,
        column: 0,
        field: '',
        detail: 'scenario file not found',
      }),
    ).toBe('/repo/scenarios/x.yaml: scenario file not found');
  });

  test('a ScenarioError carries its fields and the formatted message', () => {
    const error = new ScenarioError({ ...base, suggestion: 'rate' });
    expect(error).toMatchObject({
      ...base,
      suggestion: 'rate',
      name: 'ScenarioError',
      message: formatScenarioError(base),
    });
  });

  test('errors sort by file order, then line and column', () => {
    const at = (file: string, line: number, column: number) =>
      new ScenarioError({ ...base, file, line, column });
    const sorted = sortScenarioErrors(
      [at('/b', 1, 1), at('/a', 3, 2), at('/a', 3, 1), at('/a', 1, 9)],
      ['/a', '/b'],
    );
    expect(sorted.map((e) => `${e.file}:${e.line}:${e.column}`)).toEqual([
      '/a:1:9',
      '/a:3:1',
      '/a:3:2',
      '/b:1:1',
    ]);
  });
});

describe('field paths', () => {
  test('format and split', () => {
    expect(formatFieldPath(['turns', 2, 'say', 'rate'])).toBe('turns[2].say.rate');
    expect(splitField('turns[2].interrupt.say.voice')).toEqual({
      section: 'turns[3] (interrupt)',
      rest: 'say.voice',
    });
    expect(splitField('max_duration_ms')).toEqual({ section: '', rest: 'max_duration_ms' });
  });
});

describe('nearest known word', () => {
  const keys = [
    'timeout_ms',
    'end_silence_ms',
    'expect_reply',
    'text',
    'audio',
    'voice',
    'rate',
    'pitch_hz',
  ];
  test.each([
    ['tmeout_ms', 'timeout_ms'], // a dropped letter
    ['timeuot_ms', 'timeout_ms'], // swapped letters
    ['timeoutMs', 'timeout_ms'], // camelCase
    ['timeout', 'timeout_ms'], // unit left off
    ['pitch', 'pitch_hz'],
    ['expectReply', 'expect_reply'],
    ['Voice', 'voice'],
  ])('%s → %s', (typo, meant) => {
    expect(nearest(typo, keys)).toBe(meant);
  });

  test('nothing close: no guess', () => {
    expect(nearest('banana', keys)).toBeUndefined();
    expect(nearest('x', keys)).toBeUndefined();
  });

  test('voices', () => {
    expect(nearest('kal8', VOICES)).toBe('kal');
    expect(nearest('kal61', VOICES)).toBe('kal16');
    expect(nearest('robot', VOICES)).toBeUndefined();
  });
});
