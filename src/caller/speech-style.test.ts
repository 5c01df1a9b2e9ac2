import { describe, expect, it } from 'vitest';
import { styleSpeech, synthesizeStyled, trimQuiet } from './speech-style.ts';

const plain = { fillers: 0, restart: false, numberPauseMs: 0 };
const texts = (parts: ReturnType<typeof styleSpeech>): string =>
  parts.map((p) => (p.kind === 'text' ? p.text : `[${p.ms}]`)).join(' ');

describe('speech styles', () => {
  it('leaves text alone without a style', () => {
    expect(styleSpeech('check on my order', plain)).toEqual([
      { kind: 'text', text: 'check on my order' },
    ]);
  });

  it('pauses in the middle of a long number, in figures or in words', () => {
    expect(
      texts(styleSpeech('my number is 4155550134 thanks', { ...plain, numberPauseMs: 1500 })),
    ).toBe('my number is 41555 [1500] 50134 thanks');
    expect(
      texts(styleSpeech('it is four one five five five five', { ...plain, numberPauseMs: 1200 })),
    ).toBe('it is four one five [1200] five five five');
    expect(texts(styleSpeech('call me at 415 555 0134', { ...plain, numberPauseMs: 900 }))).toBe(
      'call me at 415 555 [900] 0134',
    );
    expect(texts(styleSpeech('room 12 please', { ...plain, numberPauseMs: 900 }))).toBe(
      'room 12 please',
    );
  });

  it('adds fillers between words but never inside a number, the same for the same seed', () => {
    const styled = styleSpeech('my code is three seven nine two okay', { ...plain, fillers: 2 }, 7);
    const out = texts(styled);
    expect(out.match(/\b(um|uh|you know),/g)).toHaveLength(2);
    expect(out.replace(/ (um|uh|you know),/g, '')).toBe('my code is three seven nine two okay');
    expect(out).toMatch(/three seven nine two/);
    expect(
      styleSpeech('my code is three seven nine two okay', { ...plain, fillers: 2 }, 7),
    ).toEqual(styled);
  });

  it('restarts: starts, breaks off, starts again', () => {
    expect(texts(styleSpeech('I want to check my order', { ...plain, restart: true }))).toBe(
      'I want [300] I want to check my order',
    );
  });

  it('synthesizes text parts and puts silence for pauses', async () => {
    const audio = await synthesizeStyled(
      [
        { kind: 'text', text: 'a' },
        { kind: 'pause', ms: 100 },
        { kind: 'text', text: 'b' },
      ],
      async (t) => new Int16Array(10).fill(t === 'a' ? 1 : 2),
    );
    expect(audio.length).toBe(820);
    expect([audio[0], audio[10], audio[819]]).toEqual([1, 0, 2]);
  });

  it("cuts each part's own quiet next to a pause, so the silence is the pause asked", async () => {
    // 50 ms of quiet, 100 ms of speech, 50 ms of quiet: as flite leaves lead-in and trailing quiet.
    const clip = (level: number) => {
      const pcm = new Int16Array(1600);
      pcm.fill(level, 400, 1200);
      return pcm;
    };
    const audio = await synthesizeStyled(
      [
        { kind: 'text', text: 'first' },
        { kind: 'pause', ms: 400 },
        { kind: 'text', text: 'second' },
      ],
      async (t) => clip(t === 'first' ? 3000 : -3000),
    );
    const lastOfFirst = audio.findLastIndex((s) => s === 3000);
    const firstOfSecond = audio.findIndex((s) => s === -3000);
    expect(firstOfSecond - lastOfFirst - 1).toBe(3200); // 400 ms exactly
    // The line's outer edges are kept: 50 ms before the first word, 50 ms after the last.
    expect(audio.findIndex((s) => s !== 0)).toBe(400);
    expect(audio.length - 1 - audio.findLastIndex((s) => s !== 0)).toBe(400);
    // A part with nothing audible in it is kept whole.
    expect(trimQuiet(new Int16Array(10).fill(1), true, true).length).toBe(10);
  });
});

describe('say: { style } in a scenario', () => {
  it('is read, with located errors', async () => {
    const { parseScenario } = await import('../scenario/parse-scenario.ts');
    const ok = parseScenario(
      'name: a\nturns:\n  - say: { text: "my number is 4155550134", style: { fillers: 1, number_pause_ms: 1500 } }\n',
      '/tmp/a.yaml',
    );
    const turn = ok.scenario?.turns[0];
    expect(turn?.kind === 'say' && turn.utterance.kind === 'text' && turn.utterance.style).toEqual({
      fillers: 1,
      restart: false,
      numberPauseMs: 1500,
    });
    const bad = parseScenario(
      'name: a\nturns:\n  - say: { text: "hi", style: { fillers: 20, pauses: 2 } }\n',
      '/tmp/a.yaml',
    );
    expect(bad.errors.map((e) => `${e.line}:${e.field}`)).toEqual([
      '3:turns[0].say.style.pauses',
      '3:turns[0].say.style.fillers',
    ]);
  });
});
