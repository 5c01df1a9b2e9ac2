/** The goal-driven caller's scenario form: what it reads into, and located errors for each mistake. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse-scenario.ts';

const FILE = '/suite/goal.yaml';
const parse = (lines: string[]) => parseScenario(lines.join('\n') + '\n', FILE);
const located = (lines: string[]) =>
  parse(lines).errors.map((e) => `${e.line}:${e.column} ${e.field} ${e.code}: ${e.detail}`);

describe('caller.goal and converse', () => {
  it('reads the issue example: facts as entities, persona knobs, policy, max_turns, and a converse turn after a listen', () => {
    const { scenario, errors } = parse([
      'name: order-status-goal',
      'caller:',
      '  voice: slt',
      '  goal: "find out when order AB3792 will arrive"',
      '  facts: { order_id: AB3792, name: "Dana Lee", phone: "4155550134", date_of_birth: 1985-03-15 }',
      '  persona: { spells_codes: as_in, digit_grouping: "3-3-4", pace: 1.0, hesitation: 0.2, number_pause_ms: 1500, patience: normal }',
      '  policy: rules',
      '  max_turns: 12',
      'success: { tool_called: { name: lookup_order, args: { order_id: AB3792 } }, transferred: false }',
      'turns:',
      '  - listen: {}',
      '  - converse: { until: goal_or_hangup }',
    ]);
    expect(errors).toEqual([]);
    const goal = scenario?.caller.goal;
    expect(goal).toMatchObject({
      goal: 'find out when order AB3792 will arrive',
      policy: 'rules',
      maxTurns: 12,
      replyGapMs: 800,
      rulesFile: null,
      hearing: 'auto',
    });
    expect(goal?.facts.map((f) => `${f.name}:${f.type}:${f.value}`)).toEqual([
      'order_id:code:AB3792',
      'name:name:Dana Lee',
      'phone:phone:4155550134',
      'date_of_birth:date:1985-03-15',
    ]);
    expect(goal?.persona).toMatchObject({
      spellsCodes: 'as_in',
      digitGrouping: [3, 3, 4],
      pace: 1,
      hesitation: 0.2,
      numberPauseMs: 1500,
      patience: 'normal',
      fallback: 'human',
    });
    expect(scenario?.turns[1]).toMatchObject({
      kind: 'converse',
      until: 'goal_or_hangup',
      entities: goal?.facts,
    });
  });

  it('converses from the start when a goal has no turns, and lets expectations name facts', () => {
    const { scenario, errors } = parse([
      'name: g',
      'caller: { goal: "check my benefits", facts: { zip: "94110" }, rules: my-rules.yaml }',
      'success: { tool_called: verify_member }',
    ]);
    expect(errors).toEqual([]);
    expect(scenario?.turns.map((t) => t.kind)).toEqual(['converse']);
    expect(scenario?.caller.goal?.rulesFile).toBe('/suite/my-rules.yaml');
    expect(
      parse(['name: g', 'caller: { goal: "x", hearing: transcript }', 'turns: [converse]']).scenario
        ?.caller.goal?.hearing,
    ).toBe('transcript');
    expect(
      parse([
        'name: g',
        'caller: { goal: "x", facts: { zip: "94110" } }',
        'turns:',
        '  - converse: {}',
        '    expect: { reads_back: zip }',
      ]).errors,
    ).toEqual([]);
  });

  it.each([
    [
      ['name: g', 'turns:', '  - listen', '  - converse'],
      '4:5 turns[1].converse missing_field: converse hands the call to a goal-driven caller, which needs caller.goal',
    ],
    [
      ['name: g', 'caller: { goal: "x" }', 'turns:', '  - converse', '  - listen'],
      '4:5 turns[0].converse invalid_turn: converse must be the last turn',
    ],
    [
      ['name: g', 'caller: { goal: "x" }', 'turns:', '  - listen'],
      '1:1 caller.goal missing_field: caller.goal is set but no turn hands the call to it',
    ],
    [
      ['name: g', 'caller: { facts: { zip: 1 } }', 'turns: [converse]'],
      '2:9 caller.goal missing_field: a goal-driven caller needs a goal in words',
    ],
    [
      ['name: g', 'caller: { goal: "x", policy: gpt }', 'turns: [converse]'],
      '2:30 caller.policy invalid_value: policy must be one of rules, llm, got "gpt"',
    ],
    [
      ['name: g', 'caller: { goal: "x", hearing: audio }', 'turns: [converse]'],
      '2:31 caller.hearing invalid_value: hearing must be one of auto, side_channel, transcript, got "audio"',
    ],
    [
      ['name: g', 'caller: { goal: "x", persona: { spells_codes: morse } }', 'turns: [converse]'],
      '2:47 caller.persona.spells_codes invalid_value: persona.spells_codes must be one of as_in, nato, letters',
    ],
    [
      [
        'name: g',
        'caller: { goal: "x", persona: { digit_grouping: "3 3 4" } }',
        'turns: [converse]',
      ],
      '2:49 caller.persona.digit_grouping invalid_value: persona.digit_grouping must be group sizes like "3-3-4"',
    ],
    [
      ['name: g', 'caller: { goal: "x", persona: { pacee: 1 } }', 'turns: [converse]'],
      "2:33 caller.persona.pacee unknown_field: unknown field 'pacee' — did you mean 'pace'?",
    ],
    [
      [
        'name: g',
        'caller: { goal: "x", persona: { number_pause_ms: 15000 } }',
        'turns: [converse]',
      ],
      '2:50 caller.persona.number_pause_ms out_of_range: persona.number_pause_ms must be a whole number of milliseconds from 0 to 10000, got 15000',
    ],
    [
      ['name: g', 'caller: { goal: "x", persona: { number_pause_ms: 1.5s } }', 'turns: [converse]'],
      '2:50 caller.persona.number_pause_ms wrong_type: persona.number_pause_ms must be a whole number of milliseconds from 0 to 10000, got "1.5s"',
    ],
    [
      ['name: g', 'caller: { goal: "x", max_turns: 0 }', 'turns: [converse]'],
      '2:33 caller.max_turns out_of_range: max_turns must be a number between 1 and 100, got 0',
    ],
    [
      ['name: g', 'caller: { goal: "x" }', 'turns:', '  - converse: { until: forever }'],
      '4:24 turns[0].converse.until invalid_value: until must be one of goal_or_hangup, hangup',
    ],
  ])('%j → %s', (lines, message) => {
    expect(located(lines).join('\n')).toContain(message);
  });
});
