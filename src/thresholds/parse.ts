/**
 * Thresholds in k6's syntax: a metric name and expressions such as `p(95)<800`, `avg<=200`,
 * `med<300`, `max<2000`, `rate>0.9`, `count==0`. As in k6, a run whose thresholds fail fails,
 * whatever else happened.
 *
 * On the command line: `--threshold 'turn_latency_ms=p(95)<800'` (repeatable), or several
 * expressions for one metric separated by commas: `turn_latency_ms=p(50)<450,p(95)<800`.
 * Scoped to a robustness-matrix condition with k6-style tags:
 * `turn_latency_ms{line.noise=babble:-35}=p(95)<900`.
 */

export type Aggregation =
  { kind: 'percentile'; p: number } | { kind: 'avg' | 'med' | 'min' | 'max' | 'count' | 'rate' };
export type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Threshold {
  metric: string;
  /** As written, for messages and reports. */
  expression: string;
  aggregation: Aggregation;
  operator: Operator;
  value: number;
  /** Set for a threshold written in a scenario file: it applies to that scenario's calls only. */
  scenario?: string;
  /** Matrix condition tags (`turn_latency_ms{line.noise=babble:-35}`): only calls run under that condition. */
  tags?: Record<string, string>;
}

const EXPRESSION =
  /^\s*(p\(\s*(\d+(?:\.\d+)?)\s*\)|avg|med|min|max|count|rate)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;

/** Parses one expression for `metric`; throws an Error naming what is wrong. */
export function parseThresholdExpression(metric: string, expression: string): Threshold {
  const m = EXPRESSION.exec(expression);
  if (!m) {
    throw new Error(
      `threshold "${metric}: ${expression}" is not understood: write e.g. p(95)<800, avg<=200, med<300, max<2000, rate>0.9 or count==0`,
    );
  }
  const [, agg, p, operator, value] = m;
  let aggregation: Aggregation;
  if (p !== undefined) {
    const percent = Number(p);
    if (percent <= 0 || percent > 100)
      throw new Error(
        `threshold "${metric}: ${expression}": the percentile must be in (0, 100], got ${p}`,
      );
    aggregation = { kind: 'percentile', p: percent };
  } else aggregation = { kind: agg as 'avg' | 'med' | 'min' | 'max' | 'count' | 'rate' };
  return {
    metric,
    expression: expression.trim(),
    aggregation,
    operator: operator as Operator,
    value: Number(value),
  };
}

/** Parses a command-line `metric=expr[,expr…]`. */
export function parseThresholdOption(option: string): Threshold[] {
  // Tags may hold '=' themselves: the expression starts at the first '=' after the closing brace.
  const close = option.indexOf('}');
  const eq = option.indexOf(
    '=',
    option.trimStart().match(/^[a-z0-9_]*\{/) && close > 0 ? close : 0,
  );
  if (eq <= 0)
    throw new Error(
      `--threshold "${option}": write metric=expression, e.g. turn_latency_ms=p(95)<800`,
    );
  const head = option.slice(0, eq).trim();
  const tagged = /^([^{]*)\{([^{}]*)\}$/.exec(head);
  const metric = tagged ? tagged[1] : head;
  if (!/^[a-z][a-z0-9_]*$/.test(metric))
    throw new Error(`--threshold "${option}": "${metric}" is not a metric name`);
  const tags = tagged ? parseTags(option, tagged[2]) : undefined;
  // Split on commas that are not inside p(…).
  const expressions = option
    .slice(eq + 1)
    .split(/,(?![^(]*\))/)
    .filter((e) => e.trim() !== '');
  if (expressions.length === 0) throw new Error(`--threshold "${option}": no expression after "="`);
  return expressions.map((e) =>
    tags ? { ...parseThresholdExpression(metric, e), tags } : parseThresholdExpression(metric, e),
  );
}

function parseTags(option: string, text: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1)
      throw new Error(
        `--threshold "${option}": tags are setting=value pairs, e.g. turn_latency_ms{line.noise=babble:-35}=p(95)<900`,
      );
    tags[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return tags;
}

/** The metric as k6 prints a tagged threshold: `turn_latency_ms{scenario:order-status}`. */
export function thresholdLabel(t: Threshold): string {
  const tags = [
    ...(t.scenario === undefined ? [] : [`scenario:${t.scenario}`]),
    ...Object.entries(t.tags ?? {}).map(([k, v]) => `${k}=${v}`),
  ];
  return tags.length === 0 ? t.metric : `${t.metric}{${tags.join(',')}}`;
}
