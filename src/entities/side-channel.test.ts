import { describe, expect, it } from 'vitest';
import { parseAgentStages } from './side-channel.ts';

describe('agent stage timings from the side channel', () => {
  it('reads the reference agent shape and skips turns without timings', () => {
    const body = {
      turns: [
        {
          turn: 0,
          source: 'greeting',
          stt_final_ms: null,
          brain_first_text_ms: null,
          tts_first_audio_ms: null,
          response_ms: null,
        },
        {
          turn: 1,
          stt_final_ms: 262.5,
          brain_first_text_ms: 3.1,
          tts_first_audio_ms: 85,
          response_ms: 351,
        },
      ],
    };
    expect(parseAgentStages(body)).toEqual([
      { turn: 1, sttFinalMs: 262.5, brainFirstTextMs: 3.1, ttsFirstAudioMs: 85, responseMs: 351 },
    ]);
  });

  it('gives null for an agent that reports none', () => {
    expect(parseAgentStages({ toolCalls: [] })).toBeNull();
    expect(parseAgentStages({ turns: [{ turn: 1, stt_final_ms: 'soon' }] })).toBeNull();
    expect(parseAgentStages(null)).toBeNull();
  });
});
