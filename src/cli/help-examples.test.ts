/** The examples in every command's --help name scenario paths that exist in this repository. */
import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { fakeIo } from './fake-io.ts';
import { runCli } from './program.ts';

describe('--help examples', () => {
  test.each(['run', 'validate', 'load', 'report', 'merge'])(
    '%s --help names only scenario paths that exist',
    async (command) => {
      const io = fakeIo();
      await runCli([command, '--help'], io);
      const paths = [...io.out.matchAll(/\b(scenarios\/[\w./-]*)/g)].map((m) =>
        m[1].replace(/[.,]$/, ''),
      );
      for (const path of paths)
        expect(existsSync(path), `${command} --help mentions ${path}`).toBe(true);
    },
  );
});
