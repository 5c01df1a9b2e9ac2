import { describe, expect, it } from 'vitest';
import { resolveAgentConfig } from '../../agent/config.ts';
import { cloudOptInNotice, offlineAgentFlags } from './cloud-opt-in.ts';

describe('cloud features only when asked', () => {
  it('says once that a key is set but unused, naming the flags that would use it', () => {
    expect(cloudOptInNotice({}, { transcriber: 'embedded', judge: false })).toBeNull();
    const notice = cloudOptInNotice(
      { OPENAI_API_KEY: 'sk-x' },
      { transcriber: 'embedded', judge: false },
    );
    expect(notice).toMatch(
      /^callbench: OPENAI_API_KEY is set, but call audio and transcripts stay on this machine unless you ask: --transcriber openai .*; --judge/,
    );
    expect(
      cloudOptInNotice({ OPENAI_API_KEY: 'sk-x' }, { transcriber: 'openai', judge: true }),
    ).toBeNull();
    expect(
      cloudOptInNotice({ OPENAI_API_KEY: 'sk-x' }, { transcriber: 'openai', judge: false }),
    ).not.toMatch(/--transcriber/);
  });

  it('keeps the embedded reference agent offline though every cloud key is set, unless its providers are named', () => {
    const env = {
      OPENAI_API_KEY: 'sk-x',
      ASSEMBLYAI_API_KEY: 'aai',
      ELEVENLABS_API_KEY: 'el',
      ELEVENLABS_VOICE_ID: 'v',
    };
    expect(resolveAgentConfig({ port: 0, ...offlineAgentFlags(env) }, env)).toMatchObject({
      stt: 'embedded',
      brain: 'embedded',
      tts: 'flite',
    });
    const named = { ...env, AGENT_BRAIN: 'openai' };
    expect(resolveAgentConfig({ port: 0, ...offlineAgentFlags(named) }, named)).toMatchObject({
      stt: 'embedded',
      brain: 'openai',
      tts: 'flite',
    });
  });
});
