import { describe, expect, it } from 'vitest';
import type { CallMetrics } from '../metrics/call-metrics.ts';
import { parseScenario } from '../scenario/parse-scenario.ts';
import type { Scenario } from '../scenario/types.ts';
import { evaluateThresholds } from '../thresholds/evaluate.ts';
import { parseThresholdOption, thresholdLabel } from '../thresholds/parse.ts';
import { checkAxes, parseMatrixOption } from './axes.ts';
import { conditionOf, matchesTags } from '../util/matrix-condition.ts';
import { combinations, expandMatrix } from './expand.ts';
import { formatMatrixTable, matrixCsv, summarizeMatrix } from './summary.ts';

function scenario(yaml: string): Scenario {
  const parsed = parseScenario(yaml, '/tmp/s.yaml');
  if (!parsed.scenario) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.scenario;
}

const BASE = scenario(
  'name: order\ncaller: { voice: kal, rate: 1.1, line: { loss: { rate: 0.01 } } }\nturns:\n  - say: hello\n  - say: { text: bye, voice: rms }\n',
);

describe('matrix axes', () => {
  it('parses settings and canonical values, and names what is wrong', () => {
    expect(parseMatrixOption('line.noise=white:-60, babble:-35,off')).toEqual({
      key: 'line.noise',
      values: ['white:-60', 'babble:-35', 'off'],
    });
    expect(parseMatrixOption('voice=slt,flite:awb')).toEqual({
      key: 'voice',
      values: ['flite:slt', 'flite:awb'],
    });
    expect(() => parseMatrixOption('noise=babble:-35')).toThrow(
      'unknown setting "noise"; matrix settings: voice, rate, line.noise',
    );
    expect(() => parseMatrixOption('line.noise=rain:-30')).toThrow('unknown noise kind "rain"');
    expect(() => parseMatrixOption('voice=espeak:en-gb')).toThrow('unknown voice engine "espeak"');
    expect(() => parseMatrixOption('line.loss=0.9')).toThrow(
      'loss rate must be a number from 0 to 0.5',
    );
    expect(() => parseMatrixOption('voice=')).toThrow('no values');
    expect(checkAxes([parseMatrixOption('voice=slt'), parseMatrixOption('voice=rms')])).toEqual([
      '--matrix: "voice" is given twice; list all its values in one --matrix',
    ]);
  });

  it('expands every scenario under every combination, first axis slowest', () => {
    const axes = [
      parseMatrixOption('line.noise=off,babble:-35'),
      parseMatrixOption('voice=flite:slt,flite:awb,flite:rms'),
    ];
    expect(combinations(axes)).toHaveLength(6);
    const variants = expandMatrix([BASE, { ...BASE, name: 'other' }], axes);
    expect(variants.map((v) => v.name).slice(0, 4)).toEqual([
      'order{line.noise=off,voice=flite:slt}',
      'order{line.noise=off,voice=flite:awb}',
      'order{line.noise=off,voice=flite:rms}',
      'order{line.noise=babble:-35,voice=flite:slt}',
    ]);
    expect(variants).toHaveLength(12);
    const v = variants[3];
    expect(v.caller.line).toEqual({
      seed: 0,
      loss: BASE.caller.line?.loss,
      noise: { kind: 'babble', level: { kind: 'dbfs', dbfs: -35 } },
    });
    // The voice axis sets every text turn's voice and keeps its rate.
    expect(
      v.turns.map((t) =>
        t.kind === 'say' && t.utterance.kind === 'text' ? t.utterance.voice : null,
      ),
    ).toEqual([
      { voice: 'slt', rate: 1.1 },
      { voice: 'slt', rate: 1.1 },
    ]);
    expect(variants[0].caller.line?.noise).toBeUndefined();
    expect(BASE.caller.voice).toBe('kal'); // the original is untouched
    expect(expandMatrix([BASE], [])).toEqual([BASE]);
  });

  it('other line settings', () => {
    const [lossy] = expandMatrix([BASE], [parseMatrixOption('line.loss=0.05x3')]);
    expect(lossy.caller.line?.loss).toEqual({
      rate: 0.05,
      burstFrames: 3,
      model: 'bursty',
      fill: 'silence',
    });
    const [echo] = expandMatrix([BASE], [parseMatrixOption('line.echo=-20@150')]);
    expect(echo.caller.line?.echo).toEqual({ levelDb: -20, delayMs: 150 });
    const [clean] = expandMatrix([BASE], [parseMatrixOption('line.loss=0')]);
    expect(clean.caller.line?.loss).toBeUndefined();
    const [band] = expandMatrix([BASE], [parseMatrixOption('line.band=telephone')]);
    expect(band.caller.line?.level).toEqual({ gainDb: 0, clipDbfs: null, telephoneBand: true });
  });
});

describe('conditions in names', () => {
  it('round-trips and matches tags', () => {
    expect(conditionOf('order{line.noise=babble:-35,voice=flite:slt}')).toEqual({
      base: 'order',
      values: { 'line.noise': 'babble:-35', voice: 'flite:slt' },
      label: 'line.noise=babble:-35,voice=flite:slt',
    });
    expect(conditionOf('order')).toBeNull();
    expect(
      matchesTags('order{line.noise=babble:-35,voice=flite:slt}', { 'line.noise': 'babble:-35' }),
    ).toBe(true);
    expect(
      matchesTags('order{line.noise=off,voice=flite:slt}', { 'line.noise': 'babble:-35' }),
    ).toBe(false);
  });
});

const metrics = (latencies: number[]): CallMetrics =>
  ({ turns: latencies.map((latencyMs) => ({ latencyMs })) }) as unknown as CallMetrics;
const calls = [
  {
    callId: 'call-0001',
    scenario: 'a{line.noise=off}',
    status: 'passed' as const,
    metrics: metrics([400, 500]),
    complete: true,
    entities: [{ exact: true }],
  },
  {
    callId: 'call-0003',
    scenario: 'b{line.noise=off}',
    status: 'passed' as const,
    metrics: metrics([600]),
    complete: null,
  },
  {
    callId: 'call-0002',
    scenario: 'a{line.noise=babble:-35}',
    status: 'failed' as const,
    metrics: metrics([900, 1100]),
    complete: false,
    entities: [{ exact: false }],
  },
  {
    callId: 'call-0004',
    scenario: 'b{line.noise=babble:-35}',
    status: 'passed' as const,
    metrics: metrics([700]),
    complete: null,
  },
] as unknown as Parameters<typeof summarizeMatrix>[0];

describe('matrix summary', () => {
  it('pass rate, completion, entity exact rate and latency per condition', () => {
    const m = summarizeMatrix(calls);
    expect(m?.axes).toEqual(['line.noise']);
    expect(m?.rows).toEqual([
      {
        condition: 'line.noise=off',
        values: { 'line.noise': 'off' },
        calls: 2,
        passRate: 1,
        completionRate: 1,
        entityExactRate: 1,
        latencyP50Ms: 500,
        latencyP95Ms: 590,
      },
      {
        condition: 'line.noise=babble:-35',
        values: { 'line.noise': 'babble:-35' },
        calls: 2,
        passRate: 0.5,
        completionRate: 0,
        entityExactRate: 0,
        latencyP50Ms: 900,
        latencyP95Ms: 1080,
      },
    ]);
    expect(matrixCsv(m!)).toBe(
      'line.noise,calls,pass_rate,completion_rate,entity_exact_rate,turn_latency_p50_ms,turn_latency_p95_ms\noff,2,1,1,1,500,590\nbabble:-35,2,0.5,0,0,900,1080\n',
    );
    expect(formatMatrixTable(m!).split('\n')[2]).toMatch(
      /^line\.noise=babble:-35 +2 +50% +0% +0% +900 +1080$/,
    );
    expect(summarizeMatrix([{ ...calls[0], scenario: 'plain' }])).toBeNull();
  });

  it('thresholds scoped to a condition see only its calls; a scenario’s own thresholds cover its variants', () => {
    const [scoped] = parseThresholdOption('turn_latency_ms{line.noise=babble:-35}=p(50)<1000');
    expect(scoped.tags).toEqual({ 'line.noise': 'babble:-35' });
    expect(thresholdLabel(scoped)).toBe('turn_latency_ms{line.noise=babble:-35}');
    const [all] = parseThresholdOption('turn_latency_ms=max<1000');
    const [ofA] = parseThresholdOption('call_pass_rate=rate>=1').map((t) => ({
      ...t,
      scenario: 'a',
    }));
    const results = evaluateThresholds(
      [scoped, all, ofA],
      calls as unknown as Parameters<typeof evaluateThresholds>[1],
    );
    expect(results.map((r) => [r.actual, r.ok])).toEqual([
      [900, true],
      [1100, false],
      [0.5, false],
    ]);
    expect(() => parseThresholdOption('turn_latency_ms{babble}=p(95)<1')).toThrow(
      'tags are setting=value pairs',
    );
  });
});
