/**
 * `thresholds:` in a scenario file (or the suite file, callbench.yaml), in k6's form: a map from
 * metric to one expression or a list of them.
 *
 *   thresholds:
 *     turn_latency_ms: ["p(95)<800"]
 *     entity_exact_rate: "rate>0.9"
 *
 * Metric names and aggregations are checked here, so a typo is a located error before any call.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { checkThresholds } from '../thresholds/evaluate.ts';
import { parseThresholdExpression, type Threshold } from '../thresholds/parse.ts';
import type { NodeReader, Slot } from './node-reader.ts';

const EXAMPLE = 'thresholds: { turn_latency_ms: ["p(95)<800"], completion_rate: ["rate>=0.95"] }';

export function readThresholds(reader: NodeReader, slot: Slot): Threshold[] | undefined {
  if (!isMap(slot.node))
    return reader.wrongType(slot, `a map of metric to expressions, e.g. ${EXAMPLE}`);
  const out: Threshold[] = [];
  for (const pair of slot.node.items) {
    const metric = isScalar(pair.key) ? String(pair.key.value) : '';
    const valueSlot = reader.slot(
      pair.value,
      [...slot.path, metric],
      isScalar(pair.key) ? pair.key : undefined,
    );
    if (valueSlot === undefined) continue;
    const items = isSeq(valueSlot.node)
      ? valueSlot.node.items.map((item, i) => reader.slot(item, [...valueSlot.path, i]))
      : [valueSlot];
    for (const item of items) {
      if (item === undefined) continue;
      const expression = reader.string(
        item,
        'a k6 threshold expression, e.g. "p(95)<800" or "rate>0.9"',
      );
      if (expression === undefined) continue;
      try {
        const threshold = parseThresholdExpression(metric, expression);
        const problems = checkThresholds([threshold]);
        if (problems.length)
          reader.report(reader.locateSlot(item), item.path, 'invalid_value', problems.join('; '));
        else out.push(threshold);
      } catch (err) {
        reader.report(
          reader.locateSlot(item),
          item.path,
          'invalid_value',
          err instanceof Error ? err.message : String(err),
        );
      }
    }
  }
  return out;
}
