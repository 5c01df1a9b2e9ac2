/**
 * `npm run lint:cycles`: fails when the repository's TypeScript has an import cycle between files
 * or folders that scripts/import-cycles.allow.ts does not list. dpdm (TypeScript's own parser)
 * builds the graph; type-only imports count, since they couple layers as much as value imports.
 * Tests are left out: nothing imports a test, so a test cannot close a cycle.
 */
import { parseDependencyTree } from 'dpdm';
import { findImportCycles, formatCycleReport, type FileGraph } from './import-cycles.ts';
import { ALLOWED_CYCLE_EDGES } from './import-cycles.allow.ts';

const ROOTS = ['src', 'agent', 'bench', 'scripts', 'test'];
const isSource = (file: string): boolean =>
  ROOTS.some((root) => file.startsWith(`${root}/`)) &&
  file.endsWith('.ts') &&
  !file.endsWith('.test.ts') &&
  !file.endsWith('.d.ts');

const cwd = process.cwd();
const tree = await parseDependencyTree(
  ROOTS.map((root) => `${root}/**/*.ts`),
  { context: cwd, cwd, transform: false },
);
const graph: FileGraph = new Map(
  Object.entries(tree)
    .filter(([file]) => isSource(file))
    .map(([file, deps]) => [
      file,
      (deps ?? []).flatMap((d) => (d.id !== null && isSource(d.id) ? [d.id] : [])),
    ]),
);
const report = findImportCycles(graph, ALLOWED_CYCLE_EDGES);
const problems = formatCycleReport(report);
if (problems) {
  process.stderr.write(`${problems}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(
    `no import cycles in ${graph.size} files (${ALLOWED_CYCLE_EDGES.files.length + ALLOWED_CYCLE_EDGES.folders.length} allowlisted edges)\n`,
  );
}
