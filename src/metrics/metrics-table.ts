/** The metric table of docs/metrics.md, rendered from the registry (a test keeps the two equal). */
import { measuredIn, METRIC_REGISTRY, type Metric } from './registry.ts';

export function metricsTable(): string {
  const rows = METRIC_REGISTRY.map((m: Metric) => {
    const aggregations = m.kind === 'trend' ? 'p(N), avg, med, min, max, count' : 'rate, count';
    const yes = (b: boolean): string => (b ? '✓' : '');
    return `| \`${m.name}\` | ${m.kind} | ${m.unit} | ${aggregations} | ${yes(measuredIn(m, 'run'))} | ${yes(measuredIn(m, 'load'))} | ${m.description} |`;
  });
  return [
    '| metric | kind | unit | aggregations | run | load | what it is |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
