/**
 * The package as another project gets it: `npm pack` (which builds the type declarations), installed
 * from the tarball into a fresh project, imported by name from plain Node ESM, and typechecked.
 *
 * The install is offline: the consumer's lockfile is the repository's, minus development-only
 * packages, plus the tarball, so `npm ci --offline` takes every dependency from the npm cache that
 * the repository's own `npm ci` filled. Bounded: every child process has a timeout.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STEP_TIMEOUT_MS = 240_000;

interface LockEntry {
  dev?: boolean;
  [field: string]: unknown;
}
interface Lockfile {
  packages: Record<string, LockEntry>;
  [field: string]: unknown;
}

let dir = '';
let installError: string | null = null;

/** The repository's lockfile for a project that depends only on the packed tarball. */
async function consumerLockfile(tarball: string): Promise<Lockfile> {
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
  const root = lock.packages[''] as { dependencies?: Record<string, string> } | undefined;
  const packages: Record<string, LockEntry> = {
    '': { name: 'consumer', version: '1.0.0', dependencies: { callbench: `file:${tarball}` } },
    'node_modules/callbench': {
      version: '0.1.0',
      resolved: `file:${tarball}`,
      dependencies: root?.dependencies ?? {},
      bin: { callbench: 'bin/callbench.js' },
    },
  };
  for (const [path, entry] of Object.entries(lock.packages))
    if (path !== '' && !entry.dev) packages[path] = entry;
  return { ...lock, name: 'consumer', version: '1.0.0', packages };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'callbench-pack-'));
  const packed = await run('npm', ['pack', '--silent', '--pack-destination', dir], {
    cwd: ROOT,
    timeout: STEP_TIMEOUT_MS,
    maxBuffer: 1 << 24,
  });
  const tarball = packed.stdout.trim().split('\n').at(-1) ?? '';
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'consumer',
        version: '1.0.0',
        private: true,
        type: 'module',
        dependencies: { callbench: `file:${tarball}` },
      },
      null,
      2,
    ),
  );
  await writeFile(
    join(dir, 'package-lock.json'),
    JSON.stringify(await consumerLockfile(tarball), null, 2),
  );
  try {
    await run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: dir,
      timeout: STEP_TIMEOUT_MS,
      maxBuffer: 1 << 24,
    });
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    // Only a cold npm cache excuses the test (ENOTCACHED); anything else is a packaging bug.
    if (!/ENOTCACHED/.test(text)) throw err;
    installError = `the npm cache lacks a dependency of the package, and the test installs offline: ${text.split('\n').find((l) => l.includes('ENOTCACHED')) ?? ''}`;
  }
}, 3 * STEP_TIMEOUT_MS);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the tarball holds the entry, the sources and the types, not the tests', async () => {
  const { stdout } = await run('tar', ['-tzf', join(dir, 'callbench-0.1.0.tgz')], {
    timeout: 30_000,
    maxBuffer: 1 << 24,
  });
  const files = stdout.split('\n');
  expect(files).toContain('package/lib/index.js');
  expect(files).toContain('package/src/index.ts');
  expect(files).toContain('package/dist/types/src/index.d.ts');
  expect(files).toContain('package/bin/callbench.js');
  expect(files.filter((f) => f.endsWith('.test.ts'))).toEqual([]);
});

test('a Node ESM project imports runSuite from "callbench"', async (ctx) => {
  if (installError) ctx.skip(installError);
  const script =
    "import * as api from 'callbench'; import { runSuite } from 'callbench'; console.log(JSON.stringify({ runSuite: typeof runSuite, names: Object.keys(api).sort() }));";
  await writeFile(join(dir, 'use.mjs'), script);
  const { stdout } = await run(process.execPath, ['use.mjs'], { cwd: dir, timeout: 60_000 });
  const result = JSON.parse(stdout) as { runSuite: string; names: string[] };
  expect(result.runSuite).toBe('function');
  const source = (await import('../src/index.ts')) as Record<string, unknown>;
  expect(result.names).toEqual(Object.keys(source).sort());
}, 90_000);

test("the package's types resolve for a TypeScript consumer", async (ctx) => {
  if (installError) ctx.skip(installError);
  // The README's example ("Use from a program"), plus a reporter of one's own.
  const consumer = [
    "import { runSuite, runPassed, consoleReporter, type Reporter, type RunSummary } from 'callbench';",
    "const mine: Reporter = { name: 'mine', onRunEnd: (summary: RunSummary) => void summary.calls.total };",
    'const outcome = await runSuite({',
    "  paths: ['scenarios/'],",
    "  agentUrl: 'ws://127.0.0.1:8080/media',",
    "  outDir: 'reports/nightly',",
    '  reporters: [consoleReporter((text) => process.stdout.write(text)), mine],',
    '});',
    "if (outcome.kind === 'invalid') throw new Error(outcome.errors.join('\\n'));",
    "console.log(runPassed(outcome.summary) ? 'passed' : 'failed');",
    'export {};',
  ].join('\n');
  await writeFile(join(dir, 'consumer.ts'), consumer);
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [
    '--noEmit',
    '--strict',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--target',
    'es2022',
  ];
  // The declarations mention Node's types (as any Node library's do): the consumer brings @types/node.
  args.push('--typeRoots', join(ROOT, 'node_modules', '@types'), '--types', 'node', 'consumer.ts');
  const result = await run(process.execPath, [tsc, ...args], { cwd: dir, timeout: 120_000 }).then(
    () => '',
    (err: { stdout?: string }) => err.stdout ?? String(err),
  );
  expect(result).toBe('');
}, 150_000);

test('the installed CLI runs from the package (validates its bundled scenarios)', async (ctx) => {
  if (installError) ctx.skip(installError);
  const bin = join(dir, 'node_modules', '.bin', 'callbench');
  const { stdout } = await run(
    bin,
    ['validate', join(dir, 'node_modules', 'callbench', 'scenarios')],
    { cwd: dir, timeout: 60_000 },
  );
  expect(stdout).toMatch(/scenario\(s\), \d+ turns: all valid/);
}, 90_000);
