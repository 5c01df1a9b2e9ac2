/** Helpers for the scenario tests: scenario files written into a fresh temp directory. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writePcmWav } from '../audio/wav.ts';

/** Joins lines with '\n' so a fixture's line numbers can be read off the array. */
export function yamlLines(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** A small playable WAV (8 kHz mono 16-bit, 100 ms of a tone): loading decodes audio files as a call does. */
export const PLAYABLE_WAV = Buffer.from(
  writePcmWav(
    new Int16Array(800).map((_, i) => Math.round(4000 * Math.sin(i / 4))),
    8000,
  ),
);

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
