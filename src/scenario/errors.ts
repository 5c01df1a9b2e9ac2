/**
 * Located scenario errors. Every problem found in a scenario file becomes one ScenarioError that
 * names the file, line, column and field, carries a stable `code` tools can match on, and says
 * what to do. Loading collects all of them before anything runs.
 */
import { relative, isAbsolute } from 'node:path';
import { splitField } from './field-path.ts';

export type ScenarioErrorCode =
  | 'yaml_syntax' // the file is not valid YAML (or uses an alias to a missing anchor)
  | 'duplicate_key' // the same key twice in one map
  | 'unknown_field' // a key the format does not have (typos must not pass silently)
  | 'missing_field' // a required key is absent
  | 'wrong_type' // e.g. a string where a number belongs
  | 'out_of_range' // a number (or length) outside its allowed range
  | 'invalid_value' // right type, wrong form: DTMF digits, scenario name, empty text
  | 'unknown_voice' // not one of the flite voices
  | 'unknown_speaker' // recorded digits: no such speaker in the dataset (checked when the dataset is present)
  | 'invalid_turn' // a turn item that is not exactly one turn kind
  | 'conflicting_fields' // keys that cannot go together (text and audio)
  | 'hangup_not_last' // turns after a hangup would never run
  | 'file_not_found' // a scenario path or an audio file does not exist
  | 'file_unreadable' // exists but cannot be read (permissions, a directory)
  | 'not_wav' // an audio file without a RIFF/WAVE header
  | 'bad_audio' // a WAV that does not decode to playable audio: truncated, empty, an unsupported encoding
  | 'empty_scenario' // an empty file or an empty turns list
  | 'no_scenarios' // a directory without any *.yaml / *.yml file
  | 'duplicate_name'; // two loaded scenarios share a name

export interface ScenarioErrorInfo {
  /** Absolute path of the file the problem is in. */
  file: string;
  /** 1-based; 0 when the problem concerns the whole file (not found, unreadable). */
  line: number;
  /** 1-based; 0 when the problem concerns the whole file. */
  column: number;
  /** Path of the offending field, e.g. `turns[2].say.rate`; '' when no field applies. */
  field: string;
  code: ScenarioErrorCode;
  /** What is wrong and what to do, without the location: `rate must be a number between 0.5 and 2, got "fast"`. */
  detail: string;
  /** The known word a misspelt one most likely meant (`timeout_ms` for `tmeout_ms`). */
  suggestion?: string;
}

export interface FormatOptions {
  /** Print the file relative to this directory (usually the working directory) when it is inside it. */
  relativeTo?: string;
}

function displayPath(file: string, options: FormatOptions): string {
  if (options.relativeTo === undefined) return file;
  const rel = relative(options.relativeTo, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/** `scenarios/x.yaml:12:9 turns[2] (say): rate must be a number between 0.5 and 2, got "fast"` */
export function formatScenarioError(error: ScenarioErrorInfo, options: FormatOptions = {}): string {
  const where =
    error.line > 0
      ? `${displayPath(error.file, options)}:${error.line}:${error.column}`
      : displayPath(error.file, options);
  const { section } = splitField(error.field);
  return section === '' ? `${where}: ${error.detail}` : `${where} ${section}: ${error.detail}`;
}

export class ScenarioError extends Error implements ScenarioErrorInfo {
  override readonly name = 'ScenarioError';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly field: string;
  readonly code: ScenarioErrorCode;
  readonly detail: string;
  readonly suggestion?: string;

  constructor(info: ScenarioErrorInfo) {
    super(formatScenarioError(info));
    this.file = info.file;
    this.line = info.line;
    this.column = info.column;
    this.field = info.field;
    this.code = info.code;
    this.detail = info.detail;
    if (info.suggestion !== undefined) this.suggestion = info.suggestion;
  }
}

/** Thrown by loadScenarioFile: every problem in the file, not just the first. */
export class ScenarioLoadError extends Error {
  override readonly name = 'ScenarioLoadError';
  readonly errors: readonly ScenarioError[];

  constructor(errors: readonly ScenarioError[]) {
    const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
    super(`${count} in scenario files:\n${errors.map((e) => `  ${e.message}`).join('\n')}`);
    this.errors = errors;
  }
}

/** Orders errors by file (in the given file order), then line, then column. */
export function sortScenarioErrors(
  errors: readonly ScenarioError[],
  fileOrder: readonly string[],
): ScenarioError[] {
  const rank = new Map(fileOrder.map((file, index) => [file, index]));
  const fileRank = (e: ScenarioError): number => rank.get(e.file) ?? fileOrder.length;
  const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...errors].sort(
    (a, b) =>
      fileRank(a) - fileRank(b) || byName(a.file, b.file) || a.line - b.line || a.column - b.column,
  );
}
