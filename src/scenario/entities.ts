/**
 * `entities:` on a say turn: the values the caller conveys, which the run scores against what
 * the agent captured.
 *
 *   - say: { text: "A as in apple B as in boy 3 7 9 2", entities: { order_id: AB3792 } }
 *   - say: { text: "…", entities: { callback: { type: phone, value: "4155550134" } } }
 *
 * The short form takes its type from the name (…phone… → phone, …date…/dob → date, …amount… →
 * amount, …zip…/…number… → number, …name… → name, anything else → code).
 */
import { isMap, isNode, isScalar } from 'yaml';
import type { NodeReader, Slot } from './node-reader.ts';
import { ENTITY_TYPES, type EntityExpectation, type EntityType } from './types.ts';

export function inferEntityType(name: string): EntityType {
  const n = name.toLowerCase();
  if (n.includes('phone')) return 'phone';
  if (n.includes('date') || n === 'dob' || n.includes('birth')) return 'date';
  if (n.includes('amount') || n.includes('price') || n.includes('total')) return 'amount';
  if (n.includes('zip') || n.includes('number')) return 'number';
  if (n.includes('name')) return 'name';
  return 'code';
}

export function readEntities(reader: NodeReader, slot: Slot): EntityExpectation[] | undefined {
  if (!isMap(slot.node))
    return reader.wrongType(slot, 'a map of name: value, e.g. { order_id: AB3792 }');
  const out: EntityExpectation[] = [];
  for (const pair of slot.node.items) {
    const keyNode = isNode(pair.key) ? pair.key : undefined;
    const name = isScalar(keyNode) ? String(keyNode.value) : '';
    const valueSlot = reader.slot(pair.value, [...slot.path, name], keyNode);
    if (!valueSlot || !/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      reader.wrongType(
        { node: keyNode ?? null, path: [...slot.path, name] },
        'an entity name (letters, digits, _)',
        'invalid_value',
      );
      continue;
    }
    if (isMap(valueSlot.node)) {
      const fields = reader.map(valueSlot, ['type', 'value'], '{ type: code, value: AB3792 }');
      const typeSlot = fields?.get('type');
      const value = fields?.get('value');
      const typeText = typeSlot && reader.string(typeSlot, `one of ${ENTITY_TYPES.join(', ')}`);
      if (typeText !== undefined && !(ENTITY_TYPES as readonly string[]).includes(typeText)) {
        reader.wrongType(typeSlot!, `one of ${ENTITY_TYPES.join(', ')}`, 'invalid_value');
        continue;
      }
      if (!value) {
        reader.report(
          reader.locateSlot(valueSlot),
          [...valueSlot.path, 'value'],
          'missing_field',
          `entity "${name}" needs a value`,
        );
        continue;
      }
      const text = reader.scalarText(value, 'the value the caller says, e.g. AB3792');
      if (text !== undefined)
        out.push({
          name,
          type: (typeText as EntityType | undefined) ?? inferEntityType(name),
          value: text,
          at: reader.locateSlot(valueSlot),
        });
      continue;
    }
    const text = reader.scalarText(
      valueSlot,
      'the value the caller says, e.g. AB3792, or { type, value }',
    );
    if (text !== undefined)
      out.push({
        name,
        type: inferEntityType(name),
        value: text,
        at: reader.locateSlot(valueSlot),
      });
  }
  return out;
}
