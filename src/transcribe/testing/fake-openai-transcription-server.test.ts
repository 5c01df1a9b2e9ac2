/**
 * The fake is the oracle for the cloud transcriber's wire format, so it must refuse what is wrong:
 * a bad key, a missing field, a malformed multipart body, audio that is not the WAV callbench sends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { writeMulawWav, writePcmWav } from '../../audio/wav.ts';
import {
  parseMultipart,
  startFakeTranscriptionServer,
  type FakeTranscriptionServer,
} from './fake-openai-transcription-server.ts';

let server: FakeTranscriptionServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function post(
  form: FormData,
  key = 'test-key',
): Promise<{ status: number; body: { text?: string; error?: { message: string } } }> {
  server ??= await startFakeTranscriptionServer({
    reply: (r) => ({ type: 'text', text: `${r.file.wav.samples.length} samples` }),
  });
  const res = await fetch(`${server.baseURL}/audio/transcriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
  return {
    status: res.status,
    body: (await res.json()) as { text?: string; error?: { message: string } },
  };
}

function form(fields: Record<string, string>, wav: Uint8Array | null): FormData {
  const f = new FormData();
  if (wav) f.append('file', new Blob([wav], { type: 'audio/wav' }), 'a.wav');
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

const PCM = writePcmWav(new Int16Array(800).fill(1000), 8000);

describe('fake OpenAI transcription server', () => {
  it('answers a well-formed request and records its fields and audio', async () => {
    expect(await post(form({ model: 'whisper-1', prompt: 'order number' }, PCM))).toEqual({
      status: 200,
      body: { text: '800 samples', usage: { type: 'duration', seconds: 1 } },
    });
    expect(server?.requests[0].fields).toEqual({ model: 'whisper-1', prompt: 'order number' });
    expect(server?.requests[0].file.wav.samples.every((s) => s === 1000)).toBe(true);
  });

  it.each([
    ['a wrong key', form({ model: 'whisper-1' }, PCM), 'wrong', 401, /Incorrect API key/],
    ['no file', form({ model: 'whisper-1' }, null), 'test-key', 400, /'file'/],
    ['no model', form({}, PCM), 'test-key', 400, /'model'/],
    ['an unknown model', form({ model: 'gpt-9' }, PCM), 'test-key', 400, /Invalid model/],
    [
      'a mu-law WAV',
      form({ model: 'whisper-1' }, writeMulawWav(new Uint8Array(800))),
      'test-key',
      400,
      /not PCM/,
    ],
    [
      'a 16 kHz WAV',
      form({ model: 'whisper-1' }, writePcmWav(new Int16Array(1600), 16000)),
      'test-key',
      400,
      /16000 Hz/,
    ],
    [
      'audio under 0.1 s',
      form({ model: 'whisper-1' }, writePcmWav(new Int16Array(799), 8000)),
      'test-key',
      400,
      /too short/,
    ],
    [
      'a truncated WAV',
      form({ model: 'whisper-1' }, PCM.subarray(0, 500)),
      'test-key',
      400,
      /RIFF size/,
    ],
  ])('refuses %s', async (_what, body, key, status, message) => {
    const res = await post(body, key);
    expect(res.status).toBe(status);
    expect(res.body.error?.message).toMatch(message);
    expect(server?.requests).toHaveLength(0);
  });

  it('parses multipart strictly', () => {
    const body = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'));
    const good = body(
      '--b\nContent-Disposition: form-data; name="model"\n\nwhisper-1\n--b\nContent-Disposition: form-data; name="file"; filename="x.wav"\nContent-Type: audio/wav\n\nRIFF\n--b--\n',
    );
    expect(
      parseMultipart(good, 'multipart/form-data; boundary=b').map((p) => [
        p.name,
        p.filename,
        p.contentType,
        p.body.toString(),
      ]),
    ).toEqual([
      ['model', null, null, 'whisper-1'],
      ['file', 'x.wav', 'audio/wav', 'RIFF'],
    ]);
    expect(() => parseMultipart(good, 'application/json')).toThrow(/multipart\/form-data/);
    expect(() =>
      parseMultipart(
        body('--b\nContent-Disposition: form-data; name="model"\n\nwhisper-1'),
        'multipart/form-data; boundary=b',
      ),
    ).toThrow(/not closed/);
    expect(() =>
      parseMultipart(body('--b\nname="model"\n\nx\n--b--'), 'multipart/form-data; boundary=b'),
    ).toThrow(/header line|Content-Disposition/);
  });
});
