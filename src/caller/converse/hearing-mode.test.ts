/** Which evidence of the agent's words the goal-driven caller answers, per caller.hearing. */
import { describe, expect, it } from 'vitest';
import type { AgentSaid, AgentTextSource } from './hearing.ts';
import { chooseHearing } from './hearing-mode.ts';

const signal = new AbortController().signal;
const reported: AgentSaid = {
  said: [{ atMs: 100, text: "What's your order number?" }],
  source: 'side_channel',
};
const notReported: AgentSaid = { said: [], source: 'none' };
const transcribed: AgentSaid = {
  said: [{ atMs: 100, text: 'what your order number' }],
  source: 'transcript',
};

/** A source answering from a list (the last answer repeats), counting how often it was asked. */
function source(...answers: AgentSaid[]): AgentTextSource & { asked: number } {
  const s = Object.assign(async () => answers[Math.min(s.asked++, answers.length - 1)], {
    asked: 0,
  });
  return s;
}

describe('chooseHearing', () => {
  it('auto: the side channel when the agent reports, without transcribing', async () => {
    const side = source(reported);
    const transcript = source(transcribed);
    const hear = chooseHearing('auto', { sideChannel: side, transcript });
    expect(await hear(signal)).toBe(reported);
    expect(await hear(signal)).toBe(reported);
    expect(transcript.asked).toBe(0);
  });

  it('auto: a transcript when the agent does not report, and the side channel is not asked again', async () => {
    const side = source(notReported);
    const transcript = source(transcribed);
    const hear = chooseHearing('auto', { sideChannel: side, transcript });
    expect(await hear(signal)).toBe(transcribed);
    expect(await hear(signal)).toBe(transcribed);
    expect([side.asked, transcript.asked]).toEqual([1, 2]);
  });

  it('auto: an agent that has reported and then misses once is not transcribed (a failed fetch, not a black box)', async () => {
    const side = source(reported, notReported);
    const transcript = source(transcribed);
    const hear = chooseHearing('auto', { sideChannel: side, transcript });
    expect((await hear(signal)).source).toBe('side_channel');
    expect((await hear(signal)).source).toBe('none');
    expect(transcript.asked).toBe(0);
  });

  it('side_channel: never transcribes', async () => {
    const transcript = source(transcribed);
    expect(
      await chooseHearing('side_channel', { sideChannel: source(notReported), transcript })(signal),
    ).toBe(notReported);
    expect(transcript.asked).toBe(0);
  });

  it('transcript: transcribes even when the agent reports', async () => {
    const side = source(reported);
    expect(
      await chooseHearing('transcript', { sideChannel: side, transcript: source(transcribed) })(
        signal,
      ),
    ).toBe(transcribed);
    expect(side.asked).toBe(0);
  });

  it('without a transcriber, auto is the side channel alone', async () => {
    expect(
      await chooseHearing('auto', { sideChannel: source(notReported), transcript: null })(signal),
    ).toBe(notReported);
  });
});
