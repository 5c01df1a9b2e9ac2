import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse-scenario.ts';
import { yamlLines } from './test-fixtures.ts';

const FILE = '/tmp/line.yaml';

describe('caller.line', () => {
  it('reads every line condition', () => {
    const parsed = parseScenario(
      yamlLines(
        'name: noisy',
        'caller:',
        '  line:',
        '    noise: { kind: cafe, snr_db: 10 }',
        '    loss: { rate: 0.05, burst_frames: 3, fill: repeat }',
        '    jitter: { rate: 0.02, max_delay_ms: 200 }',
        '    echo: { delay_ms: 120, level_db: -20 }',
        '    gain_db: -6',
        '    clip_dbfs: -3',
        '    band: telephone',
        '    seed: 4',
        'turns: [ { listen: {} } ]',
      ),
      FILE,
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.scenario?.caller.line).toEqual({
      noise: { kind: 'cafe', level: { kind: 'snr', snrDb: 10 } },
      loss: { rate: 0.05, burstFrames: 3, model: 'bursty', fill: 'repeat' },
      jitter: { rate: 0.02, maxDelayMs: 200 },
      echo: { delayMs: 120, levelDb: -20 },
      level: { gainDb: -6, clipDbfs: -3, telephoneBand: true },
      seed: 4,
    });
  });

  it('takes the short noise form, and a lone loss rate is random loss', () => {
    const parsed = parseScenario(
      yamlLines(
        'name: a',
        'caller: { line: { noise: babble:-35, loss: { rate: 0.1 } } }',
        'turns: [ { listen: {} } ]',
      ),
      FILE,
    );
    expect(parsed.scenario?.caller.line?.noise).toEqual({
      kind: 'babble',
      level: { kind: 'dbfs', dbfs: -35 },
    });
    expect(parsed.scenario?.caller.line?.loss).toEqual({
      rate: 0.1,
      burstFrames: 1,
      model: 'random',
      fill: 'silence',
    });
  });

  it('locates mistakes', () => {
    const parsed = parseScenario(
      yamlLines(
        'name: a',
        'caller:',
        '  line:',
        '    noise: rain:-30',
        '    loss: { burst_frames: 3 }',
        '    echo: { delay_ms: 5 }',
        '    band: phone',
        'turns: [ { listen: {} } ]',
      ),
      FILE,
    );
    const messages = parsed.errors.map((e) => `${e.line}:${e.field}: ${e.detail}`);
    expect(messages).toEqual([
      '4:caller.line.noise: unknown noise kind "rain": use one of white, babble, street, cafe, office',
      '5:caller.line.loss: loss needs rate (the share of 20 ms frames lost), e.g. loss: { rate: 0.05 }',
      '6:caller.line.echo.delay_ms: line.echo.delay_ms must be a whole number of milliseconds from 20 to 1000, got 5',
      '7:caller.line.band: line.band must be one of telephone, wide, got "phone"',
    ]);
  });
});
