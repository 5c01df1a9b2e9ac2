/**
 * The shipped deployment examples work as written: each YAML parses, and every callbench command
 * line in them (a Kubernetes container script, a GitHub Actions step) runs through the real CLI —
 * `load` with --dry-run (options and scenario files checked, nothing dialed), `merge` up to the
 * point where it reads the shard directories — with the variables they use filled in from where
 * the example defines them. A flag that does not exist, a value it does not accept, or a variable
 * nobody sets fails here.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ExitCode } from '../src/cli/exit-codes.ts';
import { fakeIo } from '../src/cli/fake-io.ts';
import { runCli } from '../src/cli/program.ts';

const REPO = resolve(import.meta.dirname, '..');
const SAMPLE_START = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');

async function documents(file: string): Promise<unknown[]> {
  const docs = parseAllDocuments(await readFile(join(REPO, file), 'utf8'));
  for (const d of docs)
    expect(
      d.errors.map((e) => e.message),
      file,
    ).toEqual([]);
  return docs.map((d) => d.toJS() as unknown);
}

/** Every string in a parsed YAML tree. */
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (node && typeof node === 'object') return Object.values(node).flatMap(strings);
  return [];
}

/** The callbench command lines in a script: continuations joined, from `callbench` up to `||`/`&&`. */
function commandLines(script: string): string[] {
  return script
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => /(?:^|\s)(?:npx\s+)?callbench\s+(.*)$/.exec(line)?.[1])
    .filter((rest): rest is string => rest !== undefined)
    .map((rest) => rest.split(/\s(?:\|\||&&)\s/)[0].trim());
}

/** Fills in `${{ expr }}` and `$VAR`/`${VAR}`; a reference with no value fails the test. */
function substitute(line: string, values: Record<string, string>): string {
  return line.replace(
    /\$\{\{\s*([\w.-]+)\s*\}\}|\$\{(\w+)\}|\$(\w+)/g,
    (whole, expr?: string, braced?: string, bare?: string) => {
      const name = expr ?? braced ?? bare ?? '';
      const value = values[name];
      if (value === undefined) throw new Error(`${whole}: not defined by the example`);
      return value;
    },
  );
}

/** Shell words: whitespace-separated, with '…' and "…" quoting. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** Runs one example command line through the CLI without dialing anyone. */
async function check(line: string): Promise<{ command: string; args: string[] }> {
  const args = words(line).map((w) =>
    w === '/app/scenarios' || w === 'scenarios/' ? join(REPO, 'scenarios') : w,
  );
  const io = fakeIo(undefined, REPO);
  if (args[0] === 'load') {
    const code = await runCli([...args, '--dry-run'], io);
    expect(io.err, line).toBe('');
    expect(code, line).toBe(ExitCode.Passed);
    expect(io.out).toMatch(/dry run — nothing dialed/);
  } else if (args[0] === 'merge') {
    await runCli(args, io);
    // The shard directories do not exist here: the merge must get as far as reading them.
    expect(io.err, line).toMatch(/cannot read a load run's histograms/);
    expect(io.err, line).not.toMatch(/^error: /m);
  } else {
    throw new Error(`${line}: a callbench command this test does not know how to check`);
  }
  return { command: args[0], args };
}

describe('examples/k8s/load-job.yaml', () => {
  test('parses; its shards run the image with --start-at from the ConfigMap and --threads matching the CPU request; every command line is valid', async () => {
    const docs = await documents('examples/k8s/load-job.yaml');
    const config = docs.find(
      (d): d is { kind: 'ConfigMap'; data: Record<string, string> } =>
        (d as { kind?: string }).kind === 'ConfigMap',
    );
    expect(config?.data).toHaveProperty('START_AT');
    const values = { ...config?.data, JOB_COMPLETION_INDEX: '0', N: '1' };
    const jobs = docs.filter((d) => (d as { kind?: string }).kind === 'Job') as {
      spec: {
        template: {
          spec: { containers: { image: string; resources?: { requests?: { cpu?: string } } }[] };
        };
      };
    }[];
    expect(jobs).toHaveLength(2);
    const all = strings(docs).join('\n');
    expect(all).not.toMatch(/npm (ci|install)/); // nothing installed when a pod starts
    for (const job of jobs)
      for (const c of job.spec.template.spec.containers) expect(c.image).not.toMatch(/^node:/);

    const checked = [];
    for (const line of strings(docs).flatMap(commandLines))
      checked.push(await check(substitute(line, values)));
    expect(checked.map((c) => c.command).sort()).toEqual(['load', 'merge']);
    const load = checked.find((c) => c.command === 'load');
    expect(load?.args[load.args.indexOf('--start-at') + 1]).toBe(config?.data.START_AT);
    const cpu = jobs[0].spec.template.spec.containers[0].resources?.requests?.cpu;
    expect(load?.args[load.args.indexOf('--threads') + 1]).toBe(cpu);
  });
});

describe('examples/github-actions/load.yml', () => {
  test('parses; one start time from a first job reaches every shard; every command line is valid', async () => {
    const [workflow] = (await documents('examples/github-actions/load.yml')) as {
      on: { workflow_dispatch: { inputs: Record<string, { default?: string }> } };
      jobs: Record<string, { needs?: string; outputs?: Record<string, string> }>;
    }[];
    const inputs = Object.fromEntries(
      Object.entries(workflow.on.workflow_dispatch.inputs).map(([k, v]) => [
        `inputs.${k}`,
        v.default ?? 'wss://agent.example.com/media',
      ]),
    );
    expect(workflow.jobs.plan.outputs).toHaveProperty('start_at');
    expect(workflow.jobs.shard.needs).toBe('plan');
    const values = { ...inputs, 'matrix.shard': '1', 'needs.plan.outputs.start_at': SAMPLE_START };

    const lines = strings(workflow.jobs.shard)
      .flatMap(commandLines)
      .concat(strings(workflow.jobs.merge).flatMap(commandLines));
    const checked = [];
    for (const line of lines)
      checked.push(
        await check(
          substitute(line.replace('out/load-shard-*', 'out/load-shard-1 out/load-shard-2'), values),
        ),
      );
    expect(checked.map((c) => c.command)).toEqual(['load', 'merge']);
    expect(lines[0]).toMatch(/--start-at "\$\{\{ needs\.plan\.outputs\.start_at \}\}"/);
  });
});
