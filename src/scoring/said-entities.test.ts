import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../metrics/events.ts';
import { parseScenario } from '../scenario/parse-scenario.ts';
import { saidScriptedEntities } from './said-entities.ts';

const { scenario } = parseScenario(
  [
    'name: a',
    'turns:',
    '  - say: { text: "order A B one two", entities: { order_id: { type: code, value: AB12 } } }',
    '  - dtmf: { digits: "12w3", entities: { pin: { type: number, value: "123" } } }',
    '  - say: { text: "five five five oh one three four", entities: { phone: { type: phone, value: "5550134" } } }',
  ].join('\n'),
  '/tmp/a.yaml',
);
if (!scenario) throw new Error('the test scenario does not parse');

const names = (events: CallEvent[]) =>
  saidScriptedEntities(scenario, events).map(({ turn, e }) => `${turn}:${e.name}`);

describe('saidScriptedEntities', () => {
  it('counts a say turn the caller finished saying, and a dtmf turn whose keys were all sent', () => {
    expect(
      names([
        { type: 'caller_speech_ended', tMs: 2000, turn: 0 },
        { type: 'dtmf_sent', tMs: 3000, turn: 1, digit: '1' },
        { type: 'dtmf_sent', tMs: 3100, turn: 1, digit: '2' },
        { type: 'dtmf_sent', tMs: 3700, turn: 1, digit: '3' },
        { type: 'caller_speech_ended', tMs: 6000, turn: 2 },
      ]),
    ).toEqual(['1:order_id', '2:pin', '3:phone']);
  });

  it('leaves out turns the call never reached or cut off (hung up mid-value)', () => {
    expect(
      names([
        { type: 'caller_speech_ended', tMs: 2000, turn: 0 },
        { type: 'dtmf_sent', tMs: 3000, turn: 1, digit: '1' },
        { type: 'caller_speech_started', tMs: 5000, turn: 2 },
      ]),
    ).toEqual(['1:order_id']);
    expect(names([])).toEqual([]);
  });
});
