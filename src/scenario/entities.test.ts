import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatScenarioError } from './errors.ts';
import { inferEntityType } from './entities.ts';
import { loadScenarios } from './load.ts';

async function load(text: string) {
  const dir = await mkdtemp(join(tmpdir(), 'callbench-entities-'));
  await writeFile(join(dir, 's.yaml'), text);
  return loadScenarios([dir]);
}

describe('entities on say turns', () => {
  it('reads the short form (type from the name) and the long form', async () => {
    const { scenarios, errors } = await load(`name: e
turns:
  - say: { text: "A B 3 7 9 2", entities: { order_id: AB3792 } }
  - say: { text: "4 1 5 5 5 5 0 1 3 4", entities: { callback: { type: phone, value: "4155550134" }, dob: 1985-03-15 } }
`);
    expect(errors).toEqual([]);
    const turns = scenarios[0].turns;
    expect(
      turns[0].kind === 'say' && turns[0].entities?.map((e) => [e.name, e.type, e.value]),
    ).toEqual([['order_id', 'code', 'AB3792']]);
    expect(
      turns[1].kind === 'say' && turns[1].entities?.map((e) => [e.name, e.type, e.value]),
    ).toEqual([
      ['callback', 'phone', '4155550134'],
      ['dob', 'date', '1985-03-15'],
    ]);
  });

  it('names file, line and field for a bad type', async () => {
    const { errors } = await load(
      'name: e\nturns:\n  - say: { text: "hi", entities: { x: { type: colour, value: red } } }\n',
    );
    expect(errors.map((e) => formatScenarioError(e))).toEqual([
      expect.stringMatching(
        /s\.yaml:3:\d+ turns\[1\] \(say\).*type must be one of code, phone, number, amount, date, name, got "colour"/,
      ),
    ]);
  });

  it.each([
    ['phone', 'phone'],
    ['callback_phone', 'phone'],
    ['dob', 'date'],
    ['appointment_date', 'date'],
    ['amount', 'amount'],
    ['zip', 'number'],
    ['member_number', 'number'],
    ['name', 'name'],
    ['order_id', 'code'],
  ])('%s is a %s', (name, type) => {
    expect(inferEntityType(name)).toBe(type);
  });
});
