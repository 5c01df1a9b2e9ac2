import { describe, expect, test } from 'vitest';
import {
  findImportCycles,
  folderOf,
  formatCycleReport,
  type Allowlist,
  type FileGraph,
} from './import-cycles.ts';
import { ALLOWED_CYCLE_EDGES } from './import-cycles.allow.ts';

const none: Allowlist = { files: [], folders: [] };
const graph = (edges: Record<string, string[]>): FileGraph => new Map(Object.entries(edges));

describe('findImportCycles', () => {
  test('an acyclic graph has nothing to report', () => {
    const report = findImportCycles(
      graph({ 'src/a/x.ts': ['src/b/y.ts'], 'src/b/y.ts': ['src/c/z.ts'], 'src/c/z.ts': [] }),
      none,
    );
    expect(report).toEqual({ fileCycles: [], folderCycles: [], staleAllowances: [] });
  });

  test('two files importing each other are a file cycle, and their folders a folder cycle', () => {
    const report = findImportCycles(
      graph({ 'src/a/x.ts': ['src/b/y.ts'], 'src/b/y.ts': ['src/a/x.ts'] }),
      none,
    );
    expect(report.fileCycles).toEqual([['src/a/x.ts', 'src/b/y.ts', 'src/a/x.ts']]);
    expect(report.folderCycles).toEqual([
      {
        members: ['src/a', 'src/b'],
        path: ['src/a', 'src/b', 'src/a'],
        examples: ['src/a/x.ts -> src/b/y.ts', 'src/b/y.ts -> src/a/x.ts'],
      },
    ]);
  });

  test('folders can be tangled without any file cycle', () => {
    const report = findImportCycles(
      graph({
        'src/metrics/m.ts': ['src/caller/c.ts'],
        'src/caller/d.ts': ['src/metrics/e.ts'],
        'src/caller/c.ts': [],
        'src/metrics/e.ts': [],
      }),
      none,
    );
    expect(report.fileCycles).toEqual([]);
    expect(report.folderCycles.map((c) => c.path)).toEqual([
      ['src/caller', 'src/metrics', 'src/caller'],
    ]);
    expect(formatCycleReport(report)).toContain('src/caller/d.ts -> src/metrics/e.ts');
  });

  test('a subfolder belongs to its folder: src/cli/commands importing src/cli is no cycle', () => {
    expect(folderOf('src/cli/commands/run.ts')).toBe('src/cli');
    expect(folderOf('src/api.ts')).toBe('src');
    const report = findImportCycles(
      graph({
        'src/cli/program.ts': ['src/cli/commands/run.ts'],
        'src/cli/commands/run.ts': ['src/cli/exit-codes.ts'],
        'src/cli/exit-codes.ts': [],
      }),
      none,
    );
    expect(report.folderCycles).toEqual([]);
  });

  test('an allowed edge hides its own cycle but not a new cycle beside it', () => {
    const files = graph({
      'src/a.ts': ['src/load/b.ts'],
      'src/load/b.ts': ['src/a.ts', 'src/load/c.ts'],
      'src/load/c.ts': ['src/load/b.ts'],
    });
    const allow: Allowlist = {
      files: [{ from: 'src/load/b.ts', to: 'src/a.ts', why: 'test' }],
      folders: [{ from: 'src/load', to: 'src', why: 'test' }],
    };
    const report = findImportCycles(files, allow);
    expect(report.fileCycles).toEqual([['src/load/b.ts', 'src/load/c.ts', 'src/load/b.ts']]);
    expect(report.folderCycles).toEqual([]);
    expect(report.staleAllowances).toEqual([]);
  });

  test('an allowed edge that is gone, or closes no cycle any more, is reported stale', () => {
    const allow: Allowlist = {
      files: [{ from: 'src/x.ts', to: 'src/y.ts', why: 'test' }],
      folders: [{ from: 'src/a', to: 'src/b', why: 'test' }],
    };
    const report = findImportCycles(
      graph({ 'src/a/x.ts': ['src/b/y.ts'], 'src/b/y.ts': [] }),
      allow,
    );
    expect(report.staleAllowances).toEqual(['file src/x.ts -> src/y.ts', 'folder src/a -> src/b']);
    expect(formatCycleReport(report)).toMatch(/no longer closes a cycle: remove it/);
  });
});

test('the allowlist holds no file cycle, only folder edges the engine refactor (issue #12) left, each with a reason', () => {
  const engineFolders = ['src/metrics', 'src/thresholds', 'src/scoring', 'src/report'];
  expect(ALLOWED_CYCLE_EDGES.files).toEqual([]);
  for (const edge of ALLOWED_CYCLE_EDGES.folders) expect(engineFolders).toContain(edge.from);
  for (const edge of [...ALLOWED_CYCLE_EDGES.files, ...ALLOWED_CYCLE_EDGES.folders])
    expect(edge.why.length).toBeGreaterThan(10);
});
