/**
 * The matrix as an expansion of the scenario list: every scenario under every combination of
 * the axes' values becomes a variant scenario, named with its condition (condition.ts). The run
 * then plays variants like any scenarios; nothing downstream needs to know about the matrix.
 */
import type { Scenario } from '../scenario/types.ts';
import { applyAxisValue, type MatrixAxis } from './axes.ts';

export type { MatrixAxis } from './axes.ts';
import { variantName } from '../util/matrix-condition.ts';

/** Every combination of the axes' values, first axis slowest. */
export function combinations(axes: readonly MatrixAxis[]): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const axis of axes)
    out = out.flatMap((combo) => axis.values.map((v) => ({ ...combo, [axis.key]: v })));
  return out;
}

/**
 * `scenarios` × combinations; the list unchanged when there are no axes. A scenario file's own
 * thresholds apply to all its variants together (thresholds/evaluate.ts matches the base name).
 */
export function expandMatrix(
  scenarios: readonly Scenario[],
  axes: readonly MatrixAxis[],
): Scenario[] {
  if (axes.length === 0) return [...scenarios];
  const combos = combinations(axes);
  return scenarios.flatMap((scenario) =>
    combos.map((values) => {
      let variant: Scenario = scenario;
      for (const axis of axes) variant = applyAxisValue(variant, axis.key, values[axis.key]);
      const name = variantName(scenario.name, values);
      return { ...variant, name };
    }),
  );
}
