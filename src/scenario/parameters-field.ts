/** `parameters:` (and `call.params`): a map of names to Twilio <Parameter>-style string values. */
import { isMap, isNode, isScalar } from 'yaml';
import type { NodeReader, Slot } from './node-reader.ts';
import { PARAMETER_MAX_CHARS } from './rules.ts';

/**
 * `parameters:` → start.customParameters. Twilio <Parameter> values are strings, so scalars are
 * kept as written (`id: 007` stays "007"); maps, lists and empty values are rejected.
 */
export function readParameters(reader: NodeReader, slot: Slot | undefined): Record<string, string> {
  const parameters: Record<string, string> = {};
  if (slot === undefined) return parameters;
  const expected = 'a map of names to values, e.g. parameters: { customer: vip }';
  if (!isMap(slot.node)) return reader.wrongType(slot, expected) ?? parameters;
  for (const pair of slot.node.items) {
    if (!isScalar(pair.key) || pair.key.value === null) {
      reader.report(
        reader.locate(isNode(pair.key) ? pair.key : slot.node),
        slot.path,
        'wrong_type',
        'parameter names must be plain words, e.g. customer: vip',
      );
      continue;
    }
    const name = String(pair.key.source ?? pair.key.value);
    const valueSlot = reader.slot(pair.value, [...slot.path, name], pair.key);
    if (valueSlot === undefined) continue;
    const node = valueSlot.node;
    if (!isScalar(node) || node.value === null) {
      reader.wrongType(valueSlot, `a single value (text, number or true/false; use "" for empty)`);
      continue;
    }
    const value = typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
    if (name.length + value.length >= PARAMETER_MAX_CHARS) {
      reader.report(
        reader.locateSlot(valueSlot),
        valueSlot.path,
        'out_of_range',
        `a parameter's name plus value must be under ${PARAMETER_MAX_CHARS} characters (Twilio's limit), got ${name.length + value.length}`,
      );
      continue;
    }
    parameters[name] = value;
  }
  return parameters;
}
