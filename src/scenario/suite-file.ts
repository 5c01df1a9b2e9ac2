/**
 * The suite file: `callbench.yaml` in a scenario directory holds settings for the whole run —
 * today its thresholds (k6 form), which apply to every call of the run:
 *
 *   thresholds:
 *     turn_latency_ms: ["p(95)<800"]
 *     completion_rate: ["rate>=0.95"]
 *
 * It is not a scenario: discovery leaves it out of the scenario files.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { Threshold } from '../thresholds/parse.ts';
import { ScenarioError } from './errors.ts';
import { NodeReader } from './node-reader.ts';
import { readThresholds } from './thresholds.ts';

export const SUITE_FILE_NAMES = ['callbench.yaml', 'callbench.yml'];

export interface SuiteSettings {
  thresholds: Threshold[];
  errors: ScenarioError[];
}

export async function loadSuiteFile(file: string): Promise<SuiteSettings> {
  const source = await readFile(file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    const { line, col } = lines.linePos(doc.errors[0].pos[0]);
    return {
      thresholds: [],
      errors: [
        new ScenarioError({
          file,
          line,
          column: col,
          field: '',
          code: 'yaml_syntax',
          detail: `YAML syntax: ${doc.errors[0].message}`,
        }),
      ],
    };
  }
  const reader = new NodeReader(file, doc, lines);
  if (doc.contents === null) return { thresholds: [], errors: [] };
  const root = reader.map(
    { node: doc.contents, path: [] },
    ['thresholds'],
    'a map with thresholds: (see docs/scenarios.md, "Suite file")',
  );
  const slot = root?.get('thresholds');
  const thresholds = (slot && readThresholds(reader, slot)) ?? [];
  return { thresholds, errors: reader.errors };
}
