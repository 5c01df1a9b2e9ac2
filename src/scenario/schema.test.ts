/** The published JSON Schema (docs/scenario.schema.json, for editors) agrees with the loader. */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenarios } from './load.ts';
import { metricsOf } from '../metrics/registry.ts';
import { SUITE_FILE_NAMES } from './suite-file.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const schema = JSON.parse(
  await readFile(join(root, 'docs/scenario.schema.json'), 'utf8'),
) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  // Suite files (callbench.yaml) are not scenarios.
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && !SUITE_FILE_NAMES.includes(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('docs/scenario.schema.json', () => {
  it('lists exactly the metrics thresholds can name', () => {
    const defs = (schema as { $defs: { thresholds: { propertyNames: { enum: string[] } } } }).$defs;
    expect(defs.thresholds.propertyNames.enum.sort()).toEqual(
      metricsOf('run')
        .map((m) => m.name)
        .sort(),
    );
  });

  it('accepts every shipped scenario and documented example', async () => {
    const files = [
      ...(await yamlFiles(join(root, 'scenarios'))),
      ...(await yamlFiles(join(root, 'docs/examples'))),
    ];
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const ok = validate(parse(await readFile(file, 'utf8')));
      expect(ok, `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('rejects what the loader rejects: a misspelled field, a bad voice, a missing name', async () => {
    const cases = [
      'name: a\nturns:\n  - say: { text: "hi", tmeout_ms: 5 }\n',
      'name: b\ncaller: { voice: bob }\nturns:\n  - listen\n',
      'turns:\n  - listen\n',
      'name: c\nturns:\n  - dtmf: "12x"\n',
      'name: d\nturns:\n  - say: { digits: "415-555", recorded: fsdd }\n',
      'name: e\nturns:\n  - say: { digits: "415" }\n',
      'name: f\nturns:\n  - say: { text: "hi", speaker: jackson }\n',
      'name: g\nturns:\n  - say: { digits: "1", recorded: fsdd, voice: kal }\n',
      'name: h\nturns:\n  - listen: {}\n    expect: { sayz: hi }\n',
      'name: i\nsuccess: { judge: [] }\nturns:\n  - listen\n',
      'name: j\nthresholds: { latency: "p(95)<1" }\nturns:\n  - listen\n',
      'name: k\nturns:\n  - listen: {}\n    expect: { ends_call: maybe }\n',
      'name: l\ncaller: { goal: "check my order", hearing: audio }\nturns:\n  - converse: {}\n',
      'name: m\ncaller: { goal: "check my order", persona: { number_pause_ms: 20000 } }\nturns:\n  - converse: {}\n',
    ];
    for (const text of cases) {
      expect(validate(parse(text)), text).toBe(false);
      const dir = await mkdtemp(join(tmpdir(), 'callbench-schema-'));
      await writeFile(join(dir, 'x.yaml'), text);
      expect((await loadScenarios([dir])).errors.length, text).toBeGreaterThan(0);
      await rm(dir, { recursive: true });
    }
  });
});
