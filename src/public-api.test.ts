/**
 * src/index.ts is the public API: lib/index.js (the package's import entry) exposes exactly its
 * values, and nothing in the repository imports it back, so it can never close an import cycle.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const INDEX = join(ROOT, 'src', 'index.ts');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

test('lib/index.js exposes exactly the values src/index.ts exports', async () => {
  const api = (await import('./index.ts')) as Record<string, unknown>;
  const entry = await readFile(join(ROOT, 'lib', 'index.js'), 'utf8');
  const destructured = /export const \{([^}]*)\} = api;/.exec(entry)?.[1] ?? '';
  const names = destructured
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  expect(names.sort()).toEqual(Object.keys(api).sort());
  expect(typeof api.runSuite).toBe('function');
});

test('no module in the repository imports src/index.ts (only the package entry and tests do)', async () => {
  const files = (
    await Promise.all(
      ['src', 'agent', 'bench', 'test', 'scripts', 'bin'].map((d) =>
        sourceFiles(join(ROOT, d)).catch(() => []),
      ),
    )
  ).flat();
  const importers: string[] = [];
  for (const file of files) {
    if (file === INDEX || file.endsWith('.test.ts')) continue;
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), match[1] ?? '');
      if (target === INDEX || target === INDEX.replace(/\.ts$/, '') || target === join(ROOT, 'src'))
        importers.push(relative(ROOT, file));
    }
  }
  expect(importers).toEqual([]);
});
