import { describe, expect, test } from 'vitest';
import { DEFAULT_CALLER, type Scenario } from '../scenario/types.ts';
import { buildMix, weighScenarios } from './mix.ts';

const at = { file: 'x.yaml', line: 1, column: 1 };
const scenario = (name: string): Scenario => ({
  name,
  file: `/s/${name}.yaml`,
  caller: DEFAULT_CALLER,
  parameters: {},
  maxDurationMs: 60_000,
  turns: [
    {
      kind: 'say',
      utterance: { kind: 'text', text: 'hi', voice: { voice: 'slt', rate: 1 } },
      wait: { timeoutMs: 1, endSilenceMs: 1, expectReply: false },
      at,
    },
  ],
});

describe('scenario mix', () => {
  test("a path's weight is shared among its files, and draws follow the weights", () => {
    const weighted = weighScenarios([
      { weight: 3, scenarios: [scenario('o1'), scenario('o2'), scenario('o3')] },
      { weight: 1, scenarios: [scenario('b1')] },
    ]);
    expect(weighted.map((w) => w.weight)).toEqual([1, 1, 1, 1]);
    const mix = buildMix(
      weighScenarios([
        { weight: 3, scenarios: [scenario('o')] },
        { weight: 1, scenarios: [scenario('b')] },
      ]),
      null,
      42,
    );
    const counts = [0, 0];
    for (let k = 0; k < 4000; k++) counts[mix.pick([k])]++;
    expect(counts[0] / 4000).toBeGreaterThan(0.72);
    expect(counts[0] / 4000).toBeLessThan(0.78);
  });

  test('the same seed and call key always draw the same variant; voices are applied to every text turn', () => {
    const mix = buildMix(
      weighScenarios([{ weight: 1, scenarios: [scenario('a'), scenario('b')] }]),
      ['rms', 'kal'],
      7,
    );
    expect(mix.variants.map((v) => `${v.scenario.name}/${v.voice}`)).toEqual([
      'a/rms',
      'a/kal',
      'b/rms',
      'b/kal',
    ]);
    const turn = mix.variants[1].scenario.turns[0];
    expect(
      turn.kind === 'say' && turn.utterance.kind === 'text' ? turn.utterance.voice.voice : null,
    ).toBe('kal');
    const again = buildMix(
      weighScenarios([{ weight: 1, scenarios: [scenario('a'), scenario('b')] }]),
      ['rms', 'kal'],
      7,
    );
    const draws = Array.from({ length: 50 }, (_, k) => mix.pick([3, k]));
    expect(Array.from({ length: 50 }, (_, k) => again.pick([3, k]))).toEqual(draws);
    expect(new Set(draws).size).toBe(4);
    const other = buildMix(
      weighScenarios([{ weight: 1, scenarios: [scenario('a'), scenario('b')] }]),
      ['rms', 'kal'],
      8,
    );
    expect(Array.from({ length: 50 }, (_, k) => other.pick([3, k]))).not.toEqual(draws);
  });
});
