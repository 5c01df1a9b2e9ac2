import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse-scenario.ts';
import { resolveVoice } from './voices.ts';

describe('voice names', () => {
  it('engine-prefixed and bare flite names are the same voice', () => {
    expect(resolveVoice('flite:slt')).toMatchObject({
      name: 'flite:slt',
      engine: 'flite',
      voice: 'slt',
    });
    expect(resolveVoice('slt')).toMatchObject({ name: 'flite:slt', voice: 'slt' });
  });

  it('says why an engine is not there, and names the voices', () => {
    expect(resolveVoice('espeak:en-gb')).toMatch(/unknown voice engine "espeak".*GPL-3.0/);
    expect(resolveVoice('flite:bob')).toMatch(
      /unknown flite voice "bob": use one of flite:slt, flite:rms/,
    );
  });

  it('scenarios take either spelling and store the engine’s own name', () => {
    const parsed = parseScenario(
      'name: a\ncaller: { voice: "flite:awb" }\nturns: [ { say: hi } ]\n',
      '/tmp/a.yaml',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.scenario?.caller.voice).toBe('awb');
    const bad = parseScenario(
      'name: a\ncaller: { voice: "flite:slx" }\nturns: [ { say: hi } ]\n',
      '/tmp/a.yaml',
    );
    expect(bad.errors[0].detail).toMatch(/did you mean 'flite:slt'/);
  });
});

describe('load --voices', () => {
  it('takes engine-prefixed names as well', async () => {
    const { parseVoices } = await import('../load/parse-options.ts');
    expect(parseVoices('--voices', 'flite:slt,rms,flite:rms')).toEqual(['slt', 'rms']);
    expect(() => parseVoices('--voices', 'espeak:en')).toThrow('expected flite voices');
  });
});
