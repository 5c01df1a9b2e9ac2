import { describe, expect, test } from 'vitest';
import { keytermsFor, turnSettingsFor, updateConfigurationMessage } from './assemblyai-context.ts';

describe('AssemblyAI context mapping', () => {
  test('key terms come from choices: trimmed, deduplicated, within the service limits', () => {
    const long = 'x'.repeat(51);
    const many = Array.from({ length: 150 }, (_, i) => `term ${i}`);
    expect(
      keytermsFor({
        expectation: 'name',
        choices: [' Ana  Lopez ', 'ana lopez', long, 'one two three four five six seven', 'Bo'],
      }),
    ).toEqual(['Ana Lopez', 'Bo']);
    expect(keytermsFor({ expectation: 'menu', choices: many })).toHaveLength(100);
    expect(keytermsFor({ expectation: 'free' })).toEqual([]);
  });

  test('digits and codes allow longer pauses', () => {
    expect(turnSettingsFor({ expectation: 'phone' }, undefined).maxTurnSilenceMs).toBe(2400);
    expect(turnSettingsFor({ expectation: 'yes_no' }, undefined).maxTurnSilenceMs).toBeUndefined();
    expect(turnSettingsFor({ expectation: 'code' }, 3000).maxTurnSilenceMs).toBe(3000);
  });

  test('an update names only what changed', () => {
    const free = turnSettingsFor({ expectation: 'free' }, undefined);
    expect(updateConfigurationMessage(free, free)).toBeUndefined();
    expect(
      updateConfigurationMessage(
        free,
        turnSettingsFor({ expectation: 'menu', choices: ['a'] }, undefined),
      ),
    ).toEqual({ type: 'UpdateConfiguration', keyterms_prompt: ['a'] });
  });
});
