import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ScenarioLoadError } from './errors.ts';
import { loadScenarioFile, loadScenarios } from './load.ts';
import { fixtureDir, PLAYABLE_WAV, yamlLines, type FixtureDir } from './test-fixtures.ts';
import {
  DEFAULT_CALLER,
  DEFAULT_DTMF_GAP_MS,
  DEFAULT_MAX_DURATION_MS,
  DEFAULT_REPLY_WAIT,
  type Scenario,
} from './types.ts';

let dir: FixtureDir;
beforeEach(async () => {
  dir = await fixtureDir();
});
afterEach(async () => {
  await dir.remove();
});

describe('valid scenarios normalize', () => {
  test('every turn kind and field of the documented format', async () => {
    await dir.write('recordings/order-id-ab3792.wav', PLAYABLE_WAV);
    const file = await dir.write(
      'suite/order.yaml',
      yamlLines(
        'name: order-status-basic', // 1
        'description: optional words', // 2
        'caller: { voice: slt, rate: 1.0, pitch_hz: 200, line_noise_dbfs: -55 }', // 3
        'parameters: { customer: vip, account: 007, amount: 1.50, vip: true }', // 4
        'max_duration_ms: 120000', // 5
        'reply: { timeout_ms: 8000, end_silence_ms: 700 }', // 6
        'turns:', // 7
        '  - listen: {}', // 8
        '  - say: "I want to check on my order"', // 9
        '  - say: { text: "A as in apple", voice: kal, rate: 0.8, expect_reply: false }', // 10
        '  - say: { audio: ../recordings/order-id-ab3792.wav, timeout_ms: 5000 }', // 11
        '  - dtmf: "1234#"', // 12
        '  - dtmf: { digits: 0012w3, gap_ms: 300, end_silence_ms: 1500 }', // 13
        '  - silence: { ms: 4000 }', // 14
        '  - silence: 2500', // 15
        '  - interrupt: { after_ms: 800, say: "sorry, say that again", timeout_ms: 6000, reply_timeout_ms: 9000 }', // 16
        '  - listen: { timeout_ms: 3000 }', // 17
        '  - hangup: {}', // 18
      ),
    );
    const at = (line: number) => ({ file, line, column: 5 });
    const reply = { timeoutMs: 8000, endSilenceMs: 700, expectReply: true };
    const callerVoice = { voice: 'slt', rate: 1, pitchHz: 200 };
    const expected: Scenario = {
      name: 'order-status-basic',
      description: 'optional words',
      file,
      caller: { voice: 'slt', rate: 1, pitchHz: 200, lineNoiseDbfs: -55 },
      parameters: { customer: 'vip', account: '007', amount: '1.50', vip: 'true' },
      maxDurationMs: 120_000,
      turns: [
        { kind: 'listen', wait: reply, at: at(8) },
        {
          kind: 'say',
          utterance: { kind: 'text', text: 'I want to check on my order', voice: callerVoice },
          wait: reply,
          at: at(9),
        },
        {
          kind: 'say',
          utterance: {
            kind: 'text',
            text: 'A as in apple',
            voice: { voice: 'kal', rate: 0.8, pitchHz: 200 },
          },
          wait: { ...reply, expectReply: false },
          at: at(10),
        },
        {
          kind: 'say',
          utterance: { kind: 'audio', path: `${dir.root}/recordings/order-id-ab3792.wav` },
          wait: { ...reply, timeoutMs: 5000 },
          at: at(11),
        },
        { kind: 'dtmf', digits: '1234#', gapMs: DEFAULT_DTMF_GAP_MS, wait: reply, at: at(12) },
        {
          kind: 'dtmf',
          digits: '0012w3',
          gapMs: 300,
          wait: { ...reply, endSilenceMs: 1500 },
          at: at(13),
        },
        { kind: 'silence', durationMs: 4000, at: at(14) },
        { kind: 'silence', durationMs: 2500, at: at(15) },
        {
          kind: 'interrupt',
          afterMs: 800,
          utterance: { kind: 'text', text: 'sorry, say that again', voice: callerVoice },
          timeoutMs: 6000,
          wait: { ...reply, timeoutMs: 9000 },
          at: at(16),
        },
        { kind: 'listen', wait: { ...reply, timeoutMs: 3000 }, at: at(17) },
        { kind: 'hangup', at: at(18) },
      ],
    };
    expect(await loadScenarioFile(file)).toStrictEqual(expected);
  });

  test('a minimal scenario gets every default from types.ts', async () => {
    const file = await dir.write(
      'min.yml',
      yamlLines('name: minimal', 'turns:', '  - listen', '  - say: hello', '  - hangup:'),
    );
    const scenario = await loadScenarioFile(file);
    expect(scenario).toStrictEqual({
      name: 'minimal',
      file,
      caller: DEFAULT_CALLER,
      parameters: {},
      maxDurationMs: DEFAULT_MAX_DURATION_MS,
      turns: [
        { kind: 'listen', wait: DEFAULT_REPLY_WAIT, at: { file, line: 3, column: 5 } },
        {
          kind: 'say',
          utterance: {
            kind: 'text',
            text: 'hello',
            voice: { voice: DEFAULT_CALLER.voice, rate: DEFAULT_CALLER.rate },
          },
          wait: DEFAULT_REPLY_WAIT,
          at: { file, line: 4, column: 5 },
        },
        { kind: 'hangup', at: { file, line: 5, column: 5 } },
      ],
    } satisfies Scenario);
  });

  test('line noise off, numeric text kept as written, YAML anchors and aliases, block text trimmed', async () => {
    const file = await dir.write(
      'misc.yaml',
      yamlLines(
        'name: 42',
        'caller: { line_noise_dbfs: off }',
        'turns:',
        '  - say: 415',
        '  - say: &again { text: "say again", rate: 1.25 }',
        '  - say: *again',
        '  - silence: 20',
        '  - say: |',
        '      Hello there,',
        '      friend',
      ),
    );
    const scenario = await loadScenarioFile(file);
    expect(scenario.name).toBe('42');
    expect(scenario.caller.lineNoiseDbfs).toBeNull();
    expect(
      scenario.turns.map((turn) =>
        turn.kind === 'say' && turn.utterance.kind === 'text'
          ? [turn.utterance.text, turn.utterance.voice.rate]
          : turn.kind,
      ),
    ).toEqual([
      ['415', 1],
      ['say again', 1.25],
      ['say again', 1.25],
      'silence',
      ['Hello there,\nfriend', 1],
    ]);
  });

  test('a say or dtmf right before an interrupt leaves the reply to the interrupt, unless it sets expect_reply', async () => {
    const file = await dir.write(
      'barge.yaml',
      yamlLines(
        'name: barge',
        'turns:',
        '  - say: "What are your hours?"',
        '  - interrupt: { after_ms: 500, say: "sorry?" }',
        '  - dtmf: { digits: "1", expect_reply: true }',
        '  - interrupt: { after_ms: 500, say: "again?" }',
        '  - dtmf: "2"',
      ),
    );
    const waits = (await loadScenarioFile(file)).turns.map((turn) =>
      'wait' in turn ? turn.wait.expectReply : undefined,
    );
    expect(waits).toEqual([false, true, true, true, true]);
  });
});

describe('loading many files', () => {
  test('a directory is searched recursively, sorted, skipping dot-directories and other extensions', async () => {
    const body = (name: string) => yamlLines(`name: ${name}`, 'turns: [hangup]');
    await dir.write('b/z.yaml', body('bz'));
    await dir.write('a.yml', body('a'));
    await dir.write('b/a.yaml', body('ba'));
    await dir.write('b-c.yaml', body('bc'));
    await dir.write('.cache/x.yaml', body('hidden'));
    await dir.write('notes.txt', 'not a scenario');
    const { scenarios, errors } = await loadScenarios([dir.root]);
    expect(errors).toEqual([]);
    // Segment by segment: b/… before b-c.yaml, as a file browser shows them.
    expect(scenarios.map((s) => s.name)).toEqual(['a', 'ba', 'bz', 'bc']);
  });

  test('errors from several files come back together, in file and line order', async () => {
    await dir.write(
      '1-typo.yaml',
      yamlLines('name: one', 'turns:', '  - say: { text: hi, tmeout_ms: 100 }'),
    );
    await dir.write('2-good.yaml', yamlLines('name: two', 'turns: [hangup]'));
    await dir.write(
      '3-many.yaml',
      yamlLines(
        'name: three',
        'caller: { voice: robot }',
        'turns:',
        '  - dtmf: "12 34"',
        '  - say: { audio: nowhere.wav }',
      ),
    );
    await dir.write('4-dup.yaml', yamlLines('name: two', 'turns: []'));
    await dir.write('5-syntax.yaml', yamlLines('name: five', 'turns: [listen'));
    const { scenarios, errors } = await loadScenarios([dir.root, `${dir.root}/missing.yaml`]);
    expect(scenarios.map((s) => s.name)).toEqual(['two']);
    const summary = errors.map((e) => [
      e.file.slice(dir.root.length + 1),
      e.line,
      e.column,
      e.field,
      e.code,
    ]);
    expect(summary).toEqual([
      ['1-typo.yaml', 3, 22, 'turns[0].say.tmeout_ms', 'unknown_field'],
      ['3-many.yaml', 2, 18, 'caller.voice', 'unknown_voice'],
      ['3-many.yaml', 4, 11, 'turns[0].dtmf', 'invalid_value'],
      ['3-many.yaml', 5, 19, 'turns[1].say.audio', 'file_not_found'],
      ['4-dup.yaml', 1, 7, 'name', 'duplicate_name'],
      ['4-dup.yaml', 2, 8, 'turns', 'empty_scenario'],
      ['5-syntax.yaml', 3, 1, '', 'yaml_syntax'],
      ['missing.yaml', 0, 0, '', 'file_not_found'],
    ]);
    expect(errors[4].detail).toContain(`${dir.root}/2-good.yaml:1:7`);
  });

  test('an empty directory and a missing path are errors, not an empty suite', async () => {
    await dir.write('empty/.keep', '');
    const { scenarios, errors } = await loadScenarios([`${dir.root}/empty`, `${dir.root}/nope`]);
    expect(scenarios).toEqual([]);
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ['no_scenarios', 0, 0],
      ['file_not_found', 0, 0],
    ]);
  });

  test('a file listed twice, directly and through its directory, is loaded once', async () => {
    const file = await dir.write('once.yaml', yamlLines('name: once', 'turns: [hangup]'));
    const { scenarios, errors } = await loadScenarios([file, dir.root]);
    expect(errors).toEqual([]);
    expect(scenarios).toHaveLength(1);
  });

  test('loadScenarioFile throws every problem of the file at once', async () => {
    const file = await dir.write(
      'bad.yaml',
      yamlLines('name: bad', 'caller: { rate: 9 }', 'turns: []'),
    );
    const error: unknown = await loadScenarioFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioLoadError);
    const { errors } = error as ScenarioLoadError;
    expect(errors.map((e) => e.code)).toEqual(['out_of_range', 'empty_scenario']);
    expect((error as Error).message).toContain('2 problems');
  });

  test('the shipped example scenarios are valid', async () => {
    const examples = fileURLToPath(new URL('../../docs/examples', import.meta.url));
    const { scenarios, errors } = await loadScenarios([examples]);
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(scenarios.length).toBeGreaterThanOrEqual(2);
  });
});
