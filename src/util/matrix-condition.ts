/**
 * A matrix variant's condition, written into its scenario name the way k6 writes tags:
 * `order-status{line.noise=babble:-35,voice=flite:slt}`. Every report (CSV, JSONL, junit, HTML)
 * carries the name, so the matrix can be rebuilt from any saved run without new fields.
 */

export interface Condition {
  /** The scenario the variant was made from. */
  base: string;
  /** Setting → value, in axis order. */
  values: Record<string, string>;
  /** `line.noise=babble:-35,voice=flite:slt`: one matrix cell. */
  label: string;
}

export function variantName(base: string, values: Readonly<Record<string, string>>): string {
  return `${base}{${conditionLabel(values)}}`;
}

export function conditionLabel(values: Readonly<Record<string, string>>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The condition of a variant's name; null for a scenario not made by the matrix. */
export function conditionOf(scenarioName: string): Condition | null {
  const m = /^([^{}]+)\{([^{}]*)\}$/.exec(scenarioName);
  if (!m) return null;
  const values: Record<string, string> = {};
  for (const pair of m[2].split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return null;
    values[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { base: m[1], values, label: m[2] };
}

/** Whether a call under `condition` is one a tag set (`{line.noise=babble:-35}`) selects. */
export function matchesTags(scenarioName: string, tags: Readonly<Record<string, string>>): boolean {
  const c = conditionOf(scenarioName);
  return c !== null && Object.entries(tags).every(([k, v]) => c.values[k] === v);
}
