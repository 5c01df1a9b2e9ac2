import { describe, expect, it } from 'vitest';
import {
  decodeHistogram,
  encodeHistogram,
  newHistogram,
  record,
  recordedValues,
} from './histograms.ts';

describe('recordedValues', () => {
  it('lists each recorded value once with its count, ascending, also after an encode/decode round trip', () => {
    const h = newHistogram();
    for (const v of [420, 120, 420, 0, 999.6, 120, 120]) record(h, v);
    const expected = [
      { value: 0, count: 1 },
      { value: 120, count: 3 },
      { value: 420, count: 2 },
      { value: 1000, count: 1 },
    ];
    expect(recordedValues(h)).toEqual(expected);
    expect(recordedValues(decodeHistogram(encodeHistogram(h)))).toEqual(expected);
    expect(recordedValues(newHistogram())).toEqual([]);
  });
});
