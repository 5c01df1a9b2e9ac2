/** Which transcriber the environment picks, and the errors for settings that cannot work. */
import { describe, expect, it } from 'vitest';
import { OpenAiTranscriber } from './openai-transcriber.ts';
import { transcriberFromEnv } from './transcriber-from-env.ts';
import { HeardTranscriber } from './transcriber.ts';

/** Builds the transcriber and closes it (the embedded one starts no thread until used). */
async function pick(env: NodeJS.ProcessEnv): Promise<{ kind: string; name: string }> {
  const t = transcriberFromEnv(env);
  await t.close();
  return {
    kind:
      t instanceof OpenAiTranscriber
        ? 'openai'
        : t instanceof HeardTranscriber
          ? 'embedded'
          : 'other',
    name: t.name,
  };
}

describe('transcriberFromEnv', () => {
  it.each<[string, NodeJS.ProcessEnv, string, string]>([
    ['nothing set', {}, 'embedded', 'embedded'],
    // A key in the environment is often the agent's: it never sends call audio off the machine by itself.
    ['a key alone', { OPENAI_API_KEY: 'sk-x' }, 'embedded', 'embedded'],
    [
      'a key and a model alone',
      { OPENAI_API_KEY: 'sk-x', CALLBENCH_TRANSCRIBE_MODEL: 'whisper-1' },
      'embedded',
      'embedded',
    ],
    [
      'openai asked for, another model',
      {
        OPENAI_API_KEY: 'sk-x',
        CALLBENCH_TRANSCRIBER: 'openai',
        CALLBENCH_TRANSCRIBE_MODEL: 'whisper-1',
      },
      'openai',
      'openai:whisper-1',
    ],
    [
      'a key but embedded asked for',
      { OPENAI_API_KEY: 'sk-x', CALLBENCH_TRANSCRIBER: 'embedded' },
      'embedded',
      'embedded',
    ],
    [
      'a base URL alone (a local judge server)',
      { OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1' },
      'embedded',
      'embedded',
    ],
    [
      'openai asked for with a base URL alone (a local transcription server)',
      { CALLBENCH_TRANSCRIBER: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' },
      'openai',
      'openai:gpt-4o-mini-transcribe',
    ],
    [
      'empty strings, as unset',
      { OPENAI_API_KEY: '', CALLBENCH_TRANSCRIBER: '' },
      'embedded',
      'embedded',
    ],
  ])('%s → %s', async (_what, env, kind, name) => {
    expect(await pick(env)).toEqual({ kind, name });
  });

  it('the --transcriber flag wins over the environment', async () => {
    const t = transcriberFromEnv({ OPENAI_API_KEY: 'sk-x' }, 'openai');
    await t.close();
    expect(t.name).toBe('openai:gpt-4o-mini-transcribe');
    const e = transcriberFromEnv(
      { OPENAI_API_KEY: 'sk-x', CALLBENCH_TRANSCRIBER: 'openai' },
      'embedded',
    );
    await e.close();
    expect(e.name).toBe('embedded');
  });

  it('refuses settings that cannot work, saying which and why', () => {
    expect(() => transcriberFromEnv({ CALLBENCH_TRANSCRIBER: 'whisper' })).toThrow(
      'CALLBENCH_TRANSCRIBER must be one of embedded, openai (or unset), got "whisper"',
    );
    expect(() => transcriberFromEnv({}, 'whisper')).toThrow(
      '--transcriber must be one of embedded, openai, got "whisper"',
    );
    expect(() =>
      transcriberFromEnv({ OPENAI_API_KEY: 'sk-x', CALLBENCH_TRANSCRIBER: 'auto' }),
    ).toThrow(/CALLBENCH_TRANSCRIBER=auto is gone: .* only when asked/);
    expect(() => transcriberFromEnv({ CALLBENCH_TRANSCRIBER: 'openai' })).toThrow(
      /CALLBENCH_TRANSCRIBER=openai needs OPENAI_API_KEY/,
    );
    expect(() =>
      transcriberFromEnv({
        OPENAI_API_KEY: 'sk-x',
        CALLBENCH_TRANSCRIBER: 'openai',
        CALLBENCH_TRANSCRIBE_TIMEOUT_MS: 'soon',
      }),
    ).toThrow(/CALLBENCH_TRANSCRIBE_TIMEOUT_MS must be a positive number .* got "soon"/);
  });
});
