/** Helpers for the scenario tests: scenario files written into a fresh temp directory. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Joins lines with '\n' so a fixture's line numbers can be read off the array. */
export function yamlLines(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** The smallest valid WAV header: RIFF, size, WAVE (no chunks; only the header is checked here). */
export const WAV_HEADER = Buffer.from('RIFF\x04\x00\x00\x00WAVE', 'latin1');

export interface FixtureDir {
  root: string;
  /** Writes `content` to `relative` (creating folders) and returns the absolute path. */
  write(relative: string, content: string | Buffer): Promise<string>;
  remove(): Promise<void>;
}

export async function fixtureDir(): Promise<FixtureDir> {
  const root = await mkdtemp(join(tmpdir(), 'callbench-scenario-'));
  return {
    root,
    async write(relative, content) {
      const path = join(root, relative);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      return path;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
