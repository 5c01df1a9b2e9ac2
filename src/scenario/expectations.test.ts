import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatScenarioError } from './errors.ts';
import { loadScenarios } from './load.ts';

async function load(text: string, suite?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'callbench-expect-'));
  await writeFile(join(dir, 's.yaml'), text);
  if (suite !== undefined) await writeFile(join(dir, 'callbench.yaml'), suite);
  return loadScenarios([dir]);
}

const messages = (errors: Awaited<ReturnType<typeof load>>['errors']) =>
  errors.map((e) =>
    formatScenarioError(e)
      .replace(/^.*s\.yaml:/, 's.yaml:')
      .replace(/^.*callbench\.yaml:/, 'callbench.yaml:'),
  );

describe('expect: beside a turn, success: and thresholds: in a scenario', () => {
  it('reads every check, in map and list form, and resolves reads_back to the declared entity', async () => {
    const { scenarios, errors, thresholds } = await load(`name: e
success:
  tool_called: [lookup_order, { name: transfer_to_human, args: { reason: asked } }]
  transferred: false
  judge: ["The agent gave the delivery date"]
thresholds:
  turn_latency_ms: ["p(95)<800", "p(50)<400"]
  completion_rate: "rate>=0.95"
turns:
  - listen: {}
    expect: { says: ["how can I help", "welcome"], within_ms: 3000 }
  - say: { text: "A B 3 7 9 2", entities: { order_id: AB3792 } }
    expect:
      - reads_back: order_id
      - says_regex: "is that (right|correct)"
      - tool_called: { name: lookup_order, args: { order_id: AB3792 } }
  - interrupt: { after_ms: 500, say: "wait" }
    expect: { stops_within_ms: 300 }
  - silence: 8000
    expect: { reprompts: { within_ms: 9000 } }
  - say: "bye"
    expect: { ends_call: hangup }
`);
    expect(messages(errors)).toEqual([]);
    const [s] = scenarios;
    expect(s.turns.map((t) => (t.expect ?? []).map((e) => e.kind))).toEqual([
      ['says', 'within_ms'],
      ['reads_back', 'says_regex', 'tool_called'],
      ['stops_within_ms'],
      ['reprompts'],
      ['ends_call'],
    ]);
    const readsBack = s.turns[1].expect?.[0];
    expect(
      readsBack?.kind === 'reads_back' && [
        readsBack.entity.name,
        readsBack.entity.type,
        readsBack.entity.value,
      ],
    ).toEqual(['order_id', 'code', 'AB3792']);
    expect(s.turns[1].expect?.[2]).toMatchObject({
      kind: 'tool_called',
      name: 'lookup_order',
      args: { order_id: 'AB3792' },
    });
    expect(s.turns[3].expect?.[0]).toMatchObject({ kind: 'reprompts', withinMs: 9000 });
    expect(s.success?.map((e) => e.kind)).toEqual([
      'tool_called',
      'tool_called',
      'transferred',
      'judge',
    ]);
    expect(s.success?.[0].at.line).toBe(3);
    // A scenario's thresholds apply to its own calls (k6's tagged thresholds).
    expect(thresholds.map((t) => [t.metric, t.expression, t.scenario])).toEqual([
      ['turn_latency_ms', 'p(95)<800', 'e'],
      ['turn_latency_ms', 'p(50)<400', 'e'],
      ['completion_rate', 'rate>=0.95', 'e'],
    ]);
  });

  it('names file, line and field for each wrong expectation', async () => {
    const { errors } = await load(`name: e
success:
  transfered: false
turns:
  - listen: {}
    expect: { says: [], within_ms: fast, stops_within_ms: 300 }
  - say: "x"
    expect: { reads_back: order_id, says_regex: "(", ends_call: maybe, judge: "polite" }
  - expect: { says: hi }
`);
    expect(messages(errors)).toEqual([
      "s.yaml:3:3 success: unknown field 'transfered' — did you mean 'transferred'?",
      expect.stringMatching(
        /^s\.yaml:6:21 turns\[1\]: expect\.says must be a phrase, or a list of phrases/,
      ),
      expect.stringMatching(
        /^s\.yaml:6:36 turns\[1\]: expect\.within_ms must be a whole number of milliseconds/,
      ),
      expect.stringMatching(
        /^s\.yaml:6:59 turns\[1\]: stops_within_ms .* belongs on an interrupt turn, not a listen turn/,
      ),
      expect.stringMatching(
        /^s\.yaml:8:27 turns\[2\]: reads_back: 'order_id' is not a declared entity/,
      ),
      expect.stringMatching(
        /^s\.yaml:8:49 turns\[2\]: says_regex is not a valid regular expression/,
      ),
      expect.stringMatching(
        /^s\.yaml:8:65 turns\[2\]: ends_call must be true or one of hangup, transfer, any, got "maybe"/,
      ),
      expect.stringMatching(
        /^s\.yaml:8:\d+ turns\[2\]: .*judge criteria are about the whole call: put them under success:/,
      ),
      expect.stringMatching(/^s\.yaml:9:5 turns\[3\]: expect: goes beside a turn/),
    ]);
  });

  it('reads_back only sees entities declared on this or an earlier turn', async () => {
    const { errors } = await load(`name: e
turns:
  - say: "my code is"
    expect: { reads_back: code }
  - say: { text: "A B 3", entities: { code: AB3 } }
`);
    expect(messages(errors)).toEqual([
      expect.stringMatching(
        /^s\.yaml:4:27 .*'code' is not a declared entity \(no entities are declared before it/,
      ),
    ]);
  });

  it('takes thresholds from the suite file (callbench.yaml), which is not a scenario, and checks their metric names', async () => {
    const ok = await load(
      'name: e\nturns: [listen]\n',
      'thresholds:\n  entity_exact_rate: ["rate>0.9"]\n',
    );
    expect(messages(ok.errors)).toEqual([]);
    expect(ok.scenarios).toHaveLength(1);
    expect(ok.thresholds).toMatchObject([{ metric: 'entity_exact_rate', expression: 'rate>0.9' }]);
    expect(ok.thresholds[0].scenario).toBeUndefined();
    const bad = await load(
      'name: e\nturns: [listen]\n',
      'thresholds:\n  turn_latency_ms: ["rate>0.9"]\n  latency: ["p(95)<1"]\n',
    );
    expect(messages(bad.errors)).toEqual([
      expect.stringMatching(/^callbench\.yaml:2:21 .*"turn_latency_ms" is not a rate/),
      expect.stringMatching(/^callbench\.yaml:3:13 .*unknown metric "latency"/),
    ]);
  });
});
