/** Validates a summary.json against docs/summary.schema.json (for tests: ajv is a devDependency). */
import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';

const schema = JSON.parse(
  await readFile(new URL('../docs/summary.schema.json', import.meta.url), 'utf8'),
) as object;
// Formats (date-time) are not checked: that needs ajv-formats, and the dates come from toISOString().
const validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(
  schema,
);

/** The schema's complaints about `summary` (empty when it is valid). */
export function summarySchemaErrors(summary: unknown): string[] {
  return validate(summary)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
