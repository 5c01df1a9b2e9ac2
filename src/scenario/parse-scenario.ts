/**
 * One scenario file's text → a normalized Scenario, or every located problem in it. Pure and
 * synchronous; the file-system checks (audio files exist and are WAV, names unique across files)
 * happen in load.ts.
 */
import { readCallSetup } from './call-setup-field.ts';
import { readParameters } from './parameters-field.ts';
import { basename, dirname, extname } from 'node:path';
import { isScalar, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { ScenarioError } from './errors.ts';
import { NodeReader, type MapFields, type Slot } from './node-reader.ts';
import { LINE_NOISE_OFF, NAME_MAX_CHARS, NAME_PATTERN, RULES, TURN_KINDS } from './rules.ts';
import { readTurns } from './turns.ts';
import { readExpectations } from './expectations.ts';
import { readThresholds } from './thresholds.ts';
import { readLine } from './line.ts';
import type {
  CallerSettings,
  EntityExpectation,
  ReplyWait,
  Scenario,
  SourceLocation,
  Turn,
  VoiceSettings,
} from './types.ts';
import { DEFAULT_CALLER, DEFAULT_MAX_DURATION_MS, DEFAULT_REPLY_WAIT } from './types.ts';
import { readVoiceSettings, VOICE_KEYS, type AudioReference } from './utterance.ts';
import { GOAL_KEYS, readGoal } from './goal.ts';
import type { CallerGoal } from './types.ts';

export interface ParsedScenario {
  /** Present only when the file has no errors. */
  scenario?: Scenario;
  errors: ScenarioError[];
  /** Audio files the scenario plays, for the loader to check. */
  audio: AudioReference[];
  /** The scenario's name and where it is, when readable (even if other fields have errors), for duplicate-name checks across files. */
  name?: { value: string; at: SourceLocation };
}

const TOP_KEYS = [
  'name',
  'description',
  'caller',
  'call',
  'parameters',
  'max_duration_ms',
  'reply',
  'turns',
  'success',
  'thresholds',
];
const CALLER_KEYS = [...VOICE_KEYS, 'line_noise_dbfs', 'line', ...GOAL_KEYS];
const REPLY_KEYS = ['timeout_ms', 'end_silence_ms'];

/** Where a top-level key that belongs in a section should go. */
function topLevelHint(key: string): string | undefined {
  if (CALLER_KEYS.includes(key)) return `it belongs under caller:, e.g. caller: { ${key}: … }`;
  if (REPLY_KEYS.includes(key))
    return `it belongs under reply: (defaults for every turn) or inside a turn`;
  if ((TURN_KINDS as readonly string[]).includes(key))
    return `turns go in the turns: list, e.g. turns: [ { ${key}: … } ]`;
  return undefined;
}

/** A file-name-safe suggestion for `name:` from the file's base name. */
function nameFromFile(file: string): string {
  const slug = basename(file, extname(file))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '');
  return slug === '' ? 'my-scenario' : slug;
}

/** Plainer words for the YAML problems scenario authors meet most. */
const YAML_HINTS: Partial<Record<YAMLError['code'], string>> = {
  MULTIPLE_DOCS:
    "a scenario file holds one scenario — remove the '---' separator or split the file",
  TAB_AS_INDENT: 'YAML syntax: tabs are not allowed as indentation — indent with spaces',
};

function yamlErrors(
  doc: Document,
  source: string,
  file: string,
  lines: LineCounter,
): ScenarioError[] {
  const problems: YAMLError[] = [...doc.errors, ...doc.warnings];
  return problems.map((problem) => {
    const { line, col } = lines.linePos(problem.pos[0]);
    const location = { file, line: Math.max(line, 1), column: Math.max(col, 1), field: '' };
    if (problem.code === 'DUPLICATE_KEY') {
      // The error's range covers only the key's first character; read the key from the text.
      const key = /^("[^"]*"|'[^']*'|[^\s:,{}[\]]+)/.exec(source.slice(problem.pos[0]))?.[1] ?? '?';
      return new ScenarioError({
        ...location,
        code: 'duplicate_key',
        detail: `'${key}' appears twice in the same map — keep one`,
      });
    }
    const hint = YAML_HINTS[problem.code];
    return new ScenarioError({
      ...location,
      code: 'yaml_syntax',
      detail: hint ?? `YAML syntax: ${problem.message}`,
    });
  });
}

/** Parses and validates one scenario file's text. `file` must be absolute: audio paths resolve against it. */
export function parseScenario(source: string, file: string): ParsedScenario {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  const syntax = yamlErrors(doc, source, file, lines);
  // A document with syntax errors is only partly parsed; checking it further would add noise.
  if (syntax.length > 0) return { errors: syntax, audio: [] };

  const reader = new NodeReader(file, doc, lines);
  const audio: AudioReference[] = [];
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    reader.report(
      reader.locate(null),
      [],
      'empty_scenario',
      `the file is empty — a scenario needs at least name: and turns: (see docs/scenarios.md)`,
    );
    return { errors: reader.errors, audio };
  }
  const root = reader.map(
    { node: doc.contents, path: [] },
    TOP_KEYS,
    'a map with name: and turns: (see docs/scenarios.md)',
    topLevelHint,
  );
  if (root === undefined) return { errors: reader.errors, audio };

  const required = (key: string, example: string): Slot | undefined => {
    const slot = root.get(key);
    if (slot === undefined && !root.keys.includes(key)) {
      reader.report(
        reader.locate(root.node),
        [key],
        'missing_field',
        `missing required field '${key}' — add e.g. ${example}`,
      );
    }
    return slot;
  };
  const nameSlot = required('name', `name: ${nameFromFile(file)}`);
  const name = nameSlot && readName(reader, nameSlot);
  const descriptionSlot = root.get('description');
  const description = descriptionSlot && reader.string(descriptionSlot, 'text', true);
  const { caller, goal } = readCaller(reader, root.get('caller'), dirname(file));
  // A goal-driven caller needs no script: without turns it listens and converses from the start.
  const turnsSlot =
    goal !== undefined && !root.keys.includes('turns')
      ? undefined
      : required('turns', `turns: [ { listen: {} }, { say: "hello" } ]`);
  const parameters = readParameters(reader, root.get('parameters'));
  const callSlot = root.get('call');
  const call = callSlot && readCallSetup(reader, callSlot);
  const maxDurationSlot = root.get('max_duration_ms');
  const maxDurationMs =
    (maxDurationSlot && reader.number(maxDurationSlot, RULES.maxDurationMs)) ??
    DEFAULT_MAX_DURATION_MS;
  const reply = readReplyDefaults(reader, root.get('reply'));
  const voice: VoiceSettings =
    caller.pitchHz === undefined
      ? { voice: caller.voice, rate: caller.rate }
      : { voice: caller.voice, rate: caller.rate, pitchHz: caller.pitchHz };
  const entities = new Map<string, EntityExpectation>();
  for (const fact of goal?.facts ?? []) entities.set(fact.name, fact);
  const turns = turnsSlot
    ? readTurnList(reader, turnsSlot, {
        reader,
        voice,
        reply,
        dir: dirname(file),
        audio,
        entities,
        goal,
      })
    : goal
      ? defaultConversation(goal, reader.locate(root.node))
      : undefined;
  if (goal && turns && !turns.some((t) => t.kind === 'converse')) {
    reader.report(
      reader.locate(root.node),
      ['caller', 'goal'],
      'missing_field',
      'caller.goal is set but no turn hands the call to it — end turns with - converse: { until: goal_or_hangup }, or drop turns: to converse from the start',
    );
  }
  const successSlot = root.get('success');
  const success = successSlot && readExpectations({ reader, entities }, successSlot);
  const thresholdsSlot = root.get('thresholds');
  const thresholds = thresholdsSlot && readThresholds(reader, thresholdsSlot);

  const located =
    name === undefined || nameSlot === undefined
      ? {}
      : { name: { value: name, at: reader.locateSlot(nameSlot) } };
  if (reader.errors.length > 0 || name === undefined || turns === undefined)
    return { errors: reader.errors, audio, ...located };
  const scenario: Scenario = { name, file, caller, parameters, maxDurationMs, turns };
  if (description !== undefined) scenario.description = description;
  if (call !== undefined) scenario.call = call;
  if (success !== undefined && success.length > 0) scenario.success = success;
  if (thresholds !== undefined && thresholds.length > 0) scenario.thresholds = thresholds;
  return { scenario, errors: [], audio, ...located };
}

function readName(reader: NodeReader, slot: Slot): string | undefined {
  const name = reader.scalarText(slot, 'a short identifier, e.g. order-status-basic');
  if (name === undefined) return undefined;
  if (name.length > NAME_MAX_CHARS)
    return reader.wrongType(slot, `at most ${NAME_MAX_CHARS} characters`, 'out_of_range');
  if (!NAME_PATTERN.test(name)) {
    const slug = name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .replace(/-+$/, '');
    const example = slug === '' ? '' : ` — e.g. ${slug}`;
    reader.report(
      reader.locateSlot(slot),
      slot.path,
      'invalid_value',
      `name may only use letters, digits, '.', '_' and '-' (it names report files), got ${JSON.stringify(name)}${example}`,
    );
    return undefined;
  }
  return name;
}

/** The conversation a goal-driven caller without `turns:` has: hear the greeting, then converse. */
function defaultConversation(goal: CallerGoal, at: SourceLocation): Turn[] {
  return [{ kind: 'converse', until: 'goal_or_hangup', at, entities: goal.facts }];
}

/** The caller's voice and line, and its goal (undefined: a scripted caller; null: the goal has errors, reported). */
function readCaller(
  reader: NodeReader,
  slot: Slot | undefined,
  scenarioDir: string,
): { caller: CallerSettings; goal: CallerGoal | null | undefined } {
  const defaults: CallerSettings = { ...DEFAULT_CALLER };
  if (slot === undefined) return { caller: defaults, goal: undefined };
  const fields = reader.map(slot, CALLER_KEYS, 'a map, e.g. caller: { voice: slt, rate: 1.0 }');
  if (fields === undefined) return { caller: defaults, goal: undefined };
  const voice = readVoiceSettings(reader, fields, defaults);
  const lineSlot = fields.get('line');
  const line = lineSlot && readLine(reader, lineSlot);
  const caller: CallerSettings = {
    ...voice,
    lineNoiseDbfs: readLineNoise(reader, fields),
    ...(line ? { line } : {}),
  };
  const goal = readGoal(reader, fields, scenarioDir);
  if (goal) caller.goal = goal;
  return { caller, goal };
}

/** `line_noise_dbfs: -55` or `off` (digital silence, null in the Scenario). */
function readLineNoise(reader: NodeReader, fields: MapFields): number | null {
  const slot = fields.get('line_noise_dbfs');
  if (slot === undefined) return DEFAULT_CALLER.lineNoiseDbfs;
  if (isScalar(slot.node) && slot.node.value === LINE_NOISE_OFF) return null;
  return (
    reader.number(slot, RULES.lineNoiseDbfs, `, or ${LINE_NOISE_OFF}`) ??
    DEFAULT_CALLER.lineNoiseDbfs
  );
}

function readReplyDefaults(reader: NodeReader, slot: Slot | undefined): ReplyWait {
  const reply: ReplyWait = { ...DEFAULT_REPLY_WAIT };
  if (slot === undefined) return reply;
  const fields = reader.map(
    slot,
    REPLY_KEYS,
    'a map, e.g. reply: { timeout_ms: 10000, end_silence_ms: 1000 }',
    (key) =>
      key === 'expect_reply'
        ? 'expect_reply is set per turn (say, dtmf, interrupt), not as a default'
        : undefined,
  );
  const timeout = fields?.get('timeout_ms');
  const endSilence = fields?.get('end_silence_ms');
  reply.timeoutMs = (timeout && reader.number(timeout, RULES.timeoutMs)) ?? reply.timeoutMs;
  reply.endSilenceMs =
    (endSilence && reader.number(endSilence, RULES.endSilenceMs)) ?? reply.endSilenceMs;
  return reply;
}

function readTurnList(
  reader: NodeReader,
  slot: Slot,
  ctx: Parameters<typeof readTurns>[0],
): Turn[] | undefined {
  const list = reader.seq(
    slot,
    'a list of turns, e.g. turns: [ { listen: {} }, { say: "hello" } ]',
  );
  if (list === undefined) return undefined;
  if (list.items.length === 0) {
    reader.report(
      reader.locateSlot(slot),
      slot.path,
      'empty_scenario',
      'turns is empty — add at least one turn, e.g. - listen: {}',
    );
    return undefined;
  }
  const turns = readTurns(ctx, list.items, slot.path);
  return turns.every((turn): turn is Turn => turn !== undefined) ? turns : undefined;
}
