/**
 * Field paths name where in a scenario a problem is: `turns[2].say.rate`. Messages are written
 * relative to a section (`turns[2] (say)`, `caller`) so they read like pipecat's
 * `file: turn #2 expectation #1: …`.
 */
import { TURN_KINDS, type TurnKind } from './rules.ts';

export type FieldPath = readonly (string | number)[];

export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path)
    text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  return text;
}

function isTurnKind(word: string): word is TurnKind {
  return (TURN_KINDS as readonly string[]).includes(word);
}

export interface FieldSection {
  /** `turns[3] (say)` (turn 3, 1-based, for the path's `turns[2]`), `turns[3]`, `caller`, or '' for top-level fields. */
  section: string;
  /** The field within the section: `rate`, `say.voice`; '' for the section itself. */
  rest: string;
}

/** Splits a formatted field path into the section a reader looks for and the field inside it. */
export function splitField(field: string): FieldSection {
  const turn = /^turns\[(\d+)\](?:\.([A-Za-z_]+))?(?:\.(.*))?$/.exec(field);
  if (turn) {
    const [, index, kind, rest] = turn;
    // Shown 1-based, as turns are numbered everywhere else (console, reasons, CSVs): turns[1] is the first turn.
    const item = `turns[${Number(index) + 1}]`;
    if (kind !== undefined && isTurnKind(kind))
      return { section: `${item} (${kind})`, rest: rest ?? '' };
    return { section: item, rest: [kind, rest].filter((part) => part !== undefined).join('.') };
  }
  const dot = field.indexOf('.');
  if (dot < 0) return { section: '', rest: field };
  return { section: field.slice(0, dot), rest: field.slice(dot + 1) };
}

/** The word a message should use for the field: its name within the section, else the section's key. */
export function subjectOf(path: FieldPath): string {
  if (path.length === 0) return 'the scenario file';
  const { rest } = splitField(formatFieldPath(path));
  if (rest !== '') return rest;
  const last = path[path.length - 1];
  return typeof last === 'number' ? formatFieldPath(path) : String(last ?? '');
}
