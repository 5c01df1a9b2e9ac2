import { describe, expect, it } from 'vitest';
import type { EntityExpectation } from '../scenario/types.ts';
import { argumentValues, characterErrorRate, normalizeEntity, scoreEntity } from './score.ts';

const at = { file: 'x.yaml', line: 1, column: 1 };
const expect_ = (
  name: string,
  type: EntityExpectation['type'],
  value: string,
): EntityExpectation => ({ name, type, value, at });

describe('entity values in canonical form', () => {
  it.each([
    ['code', 'ab-3792', 'AB3792'],
    ['code', ' AB 3792 ', 'AB3792'],
    ['phone', '(415) 555-0134', '4155550134'],
    ['phone', '+1 415 555 0134', '4155550134'],
    ['number', '94110', '94110'],
    ['amount', '$12.50', '12.50'],
    ['amount', '12.5', '12.50'],
    ['date', '1985-03-15', '1985-03-15'],
    ['date', 'March 15th, 1985', '1985-03-15'],
    ['name', 'Maria  GARCIA', 'maria garcia'],
  ] as const)('%s %j → %j', (type, raw, canonical) => {
    expect(normalizeEntity(type, raw)).toBe(canonical);
  });
});

describe('character error rate', () => {
  it('is edit distance over the expected length', () => {
    expect(characterErrorRate('AB3792', 'AB3792')).toBe(0);
    expect(characterErrorRate('AB3792', 'AB3790')).toBeCloseTo(1 / 6);
    expect(characterErrorRate('4155550134', '415555034')).toBeCloseTo(1 / 10);
    expect(characterErrorRate('AB3792', 'BA3792')).toBeCloseTo(2 / 6);
  });
});

describe('scoring against what the agent captured', () => {
  it('takes the closest captured value of the right form', () => {
    const r = scoreEntity(
      2,
      expect_('order_id', 'code', 'AB3792'),
      ['AB3790', 'lookup', 'AB3792'],
      'side_channel',
    );
    expect(r).toMatchObject({
      turn: 2,
      expected: 'AB3792',
      captured: 'AB3792',
      exact: true,
      cer: 0,
    });
    const miss = scoreEntity(
      2,
      expect_('phone', 'phone', '4155550134'),
      ['(415) 555-0133'],
      'side_channel',
    );
    expect(miss).toMatchObject({ captured: '4155550133', exact: false });
    expect(miss.cer).toBeCloseTo(0.1);
  });

  it('other arguments (a transfer reason) are not taken for a wrong capture', () => {
    expect(
      scoreEntity(
        3,
        expect_('member_id', 'code', 'M4827193'),
        ['could not get the zip code after 3 tries'],
        'side_channel',
      ),
    ).toMatchObject({ captured: null, cer: 1 });
  });

  it('nothing captured scores CER 1 (a miss, not a pass)', () => {
    expect(scoreEntity(1, expect_('zip', 'number', '94110'), [], 'none')).toMatchObject({
      captured: null,
      exact: false,
      cer: 1,
      source: 'none',
    });
  });

  it('says why a value is missing: no side channel, no tool call, nothing like it, or a different value', () => {
    const zip = expect_('zip', 'number', '94110');
    expect(scoreEntity(1, zip, [], 'none').why).toBe(
      'the agent reports no side channel (GET /calls/:callSid), so what it captured is unknown',
    );
    expect(scoreEntity(1, zip, [], 'side_channel').why).toBe(
      'the agent made no tool call (with arguments) during the call',
    );
    expect(scoreEntity(1, zip, ['transfer please'], 'side_channel').why).toBe(
      "the agent's tool calls held nothing like this value",
    );
    expect(scoreEntity(1, zip, ['94111'], 'side_channel').why).toBe(
      'the agent captured a different value',
    );
    expect(scoreEntity(1, zip, ['94110'], 'side_channel')).not.toHaveProperty('why');
  });

  it('reads every string and number out of nested tool arguments', () => {
    expect(argumentValues({ a: 'x', b: 3, c: { d: ['y', 4] }, e: null })).toEqual([
      'x',
      '3',
      'y',
      '4',
    ]);
  });
});
