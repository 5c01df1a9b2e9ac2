/**
 * Import cycles, between files and between folders, in a dependency graph (built by dpdm in
 * check-cycles.ts). Pure: graph in, problems out, so the rules are tested without parsing the tree.
 *
 * A folder cycle (src/metrics imports src/caller, which imports src/metrics) tangles two layers even
 * when no two files import each other, so both levels are checked. An allowed edge — one import
 * from a file (or folder) to another, listed in the allowlist with the reason it is still there —
 * is left out before cycles are searched, so any cycle that remains is new. An allowed edge that
 * no longer closes a cycle is reported too, so the list only ever shrinks.
 */
import { dirname } from 'node:path';

/** Who imports whom: file → the files it imports (repository-relative paths). */
export type FileGraph = ReadonlyMap<string, readonly string[]>;

export interface AllowedEdge {
  from: string;
  to: string;
  /** Why this edge still closes a cycle, and what removes it. */
  why: string;
}

export interface Allowlist {
  files: readonly AllowedEdge[];
  folders: readonly AllowedEdge[];
}

export interface CycleReport {
  /** Each a path that starts and ends at the same node, e.g. [a, b, a]. */
  fileCycles: string[][];
  folderCycles: { members: string[]; path: string[]; examples: string[] }[];
  /** Allowlist entries whose edge is gone or no longer in a cycle: delete them. */
  staleAllowances: string[];
}

const edgeKey = (from: string, to: string): string => `${from} -> ${to}`;

/**
 * The folder a file belongs to, as a layer: its top two levels (src/report/html/x.ts → src/report,
 * agent/providers/stt/x.ts → agent/providers; src/api.ts → src). A subfolder is part of its
 * folder's layer, so src/cli/commands importing src/cli/exit-codes.ts is not a cycle.
 */
export function folderOf(file: string): string {
  return dirname(file).split('/').slice(0, 2).join('/');
}

/** Folder graph, with for each folder edge the first file import that makes it. */
export function folderGraph(files: FileGraph): {
  graph: Map<string, string[]>;
  example: Map<string, string>;
} {
  const graph = new Map<string, string[]>();
  const example = new Map<string, string>();
  for (const [file, deps] of files) {
    const from = folderOf(file);
    if (!graph.has(from)) graph.set(from, []);
    for (const dep of deps) {
      const to = folderOf(dep);
      if (to === from) continue;
      const key = edgeKey(from, to);
      if (example.has(key)) continue;
      example.set(key, edgeKey(file, dep));
      graph.get(from)?.push(to);
    }
  }
  return { graph, example };
}

/** Strongly connected components with more than one node (Tarjan), each sorted. */
export function tangledComponents(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const dep of graph.get(node) ?? []) {
      if (!index.has(dep)) {
        visit(dep);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(dep) ?? 0));
      } else if (onStack.has(dep)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(dep) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) components.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** One shortest cycle through the component's first node, as a path [a, …, a]. */
function cycleIn(
  graph: ReadonlyMap<string, readonly string[]>,
  component: readonly string[],
): string[] {
  const members = new Set(component);
  const start = component[0] ?? '';
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() ?? '';
    for (const dep of graph.get(node) ?? []) {
      if (!members.has(dep)) continue;
      if (dep === start) {
        const hops: string[] = [];
        for (
          let at: string | undefined = node;
          at !== undefined && at !== start;
          at = previous.get(at)
        )
          hops.unshift(at);
        return [start, ...hops, start];
      }
      if (previous.has(dep)) continue;
      previous.set(dep, node);
      queue.push(dep);
    }
  }
  return [...component, start];
}

function without(
  graph: ReadonlyMap<string, readonly string[]>,
  allowed: readonly AllowedEdge[],
): Map<string, string[]> {
  const skip = new Set(allowed.map((e) => edgeKey(e.from, e.to)));
  return new Map(
    [...graph].map(([from, deps]) => [from, deps.filter((to) => !skip.has(edgeKey(from, to)))]),
  );
}

/** An allowed edge is stale when it does not exist or its two ends are not in one cycle even with it. */
function staleEdges(
  graph: ReadonlyMap<string, readonly string[]>,
  allowed: readonly AllowedEdge[],
  level: string,
): string[] {
  const tangled = tangledComponents(graph).map((c) => new Set(c));
  return allowed
    .filter(
      (e) =>
        !(graph.get(e.from) ?? []).includes(e.to) ||
        !tangled.some((c) => c.has(e.from) && c.has(e.to)),
    )
    .map((e) => `${level} ${edgeKey(e.from, e.to)}`);
}

export function findImportCycles(files: FileGraph, allow: Allowlist): CycleReport {
  const fileGraph = without(files, allow.files);
  const fileCycles = tangledComponents(fileGraph).map((c) => cycleIn(fileGraph, c));
  const folders = folderGraph(files);
  const folderGraphLeft = without(folders.graph, allow.folders);
  const folderCycles = tangledComponents(folderGraphLeft).map((c) => {
    const path = cycleIn(folderGraphLeft, c);
    const examples = path
      .slice(1)
      .map(
        (to, i) => folders.example.get(edgeKey(path[i] ?? '', to)) ?? edgeKey(path[i] ?? '', to),
      );
    return { members: c, path, examples };
  });
  return {
    fileCycles,
    folderCycles,
    staleAllowances: [
      ...staleEdges(files, allow.files, 'file'),
      ...staleEdges(folders.graph, allow.folders, 'folder'),
    ],
  };
}

export function formatCycleReport(report: CycleReport): string {
  const lines: string[] = [];
  for (const cycle of report.fileCycles) lines.push(`file import cycle: ${cycle.join(' -> ')}`);
  for (const { members, path, examples } of report.folderCycles) {
    lines.push(
      `folder import cycle: ${path.join(' -> ')}${members.length > path.length - 1 ? ` (tangled: ${members.join(', ')})` : ''}`,
    );
    for (const example of examples) lines.push(`    ${example}`);
  }
  for (const stale of report.staleAllowances)
    lines.push(
      `allowlisted ${stale} no longer closes a cycle: remove it from scripts/import-cycles.allow.ts`,
    );
  return lines.join('\n');
}
