import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { metricsTable } from './metrics-table.ts';
import { measuredIn, METRIC_REGISTRY, metricsOf, type Metric } from './registry.ts';

describe('the metric registry', () => {
  it('docs/metrics.md shows exactly the registry (regenerate with metricsTable() when this fails)', async () => {
    const doc = await readFile(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
    const table = /<!-- metrics-table:start -->\n([\s\S]*?)\n<!-- metrics-table:end -->/.exec(
      doc,
    )?.[1];
    expect(table).toBe(metricsTable());
  });

  it('names each metric once, with its unit in the name where it has one, and a source somewhere', () => {
    const names = METRIC_REGISTRY.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of METRIC_REGISTRY as readonly Metric[]) {
      if (m.unit === 'ms') expect(m.name).toMatch(/_ms$/);
      if (m.kind === 'rate') expect(m.name).toMatch(/_rate$|^dropped_calls$/);
      expect(measuredIn(m, 'run') || measuredIn(m, 'load')).toBe(true);
    }
  });

  it('run and load share the metrics both can measure (one name, one meaning)', () => {
    const both = metricsOf('run')
      .filter((m) => measuredIn(m, 'load'))
      .map((m) => m.name);
    expect(both).toEqual([
      'turn_latency_ms',
      'ttfb_ms',
      'call_duration_ms',
      'call_pass_rate',
      'call_failure_rate',
      'entity_exact_rate',
    ]);
  });
});
