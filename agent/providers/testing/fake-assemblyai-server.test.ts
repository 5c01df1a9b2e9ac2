/**
 * The fake must fail the same mistakes the real service fails, or adapter tests prove nothing.
 * These drive it with a raw WebSocket client.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { silenceMulaw } from './audio-fixtures.ts';
import {
  startFakeAssemblyAiServer,
  wordsAt,
  type FakeAssemblyAiServer,
} from './fake-assemblyai-server.ts';

let fake: FakeAssemblyAiServer;
beforeEach(async () => {
  fake = await startFakeAssemblyAiServer({ turns: [{ words: wordsAt('hello there', 100, 100) }] });
});
afterEach(async () => {
  await fake.close();
});

interface Session {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  closed: Promise<{ code: number; reason: string }>;
}

async function connect(
  key = fake.apiKey,
  query = 'sample_rate=8000&encoding=pcm_mulaw&speech_model=universal-streaming-english',
): Promise<Session> {
  const ws = new WebSocket(`${fake.baseUrl}/v3/ws?${query}`, { headers: { Authorization: key } });
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, closed };
}

describe('fake AssemblyAI server', () => {
  test('a wrong key is closed with 1008', async () => {
    const session = await connect('wrong');
    expect((await session.closed).code).toBe(1008);
  });

  test('a missing speech_model is closed with 3006', async () => {
    const session = await connect(fake.apiKey, 'sample_rate=8000&encoding=pcm_mulaw');
    expect((await session.closed).code).toBe(3006);
  });

  test("Twilio's 20 ms frames sent as they are → 3007", async () => {
    const session = await connect();
    session.ws.send(silenceMulaw(20));
    const closed = await session.closed;
    expect(closed.code).toBe(3007);
    expect(closed.reason).toMatch(/50 and 1000/);
  });

  test('100 ms messages sent in a burst (faster than real time) → 3007', async () => {
    const session = await connect();
    for (let i = 0; i < 5; i++) session.ws.send(silenceMulaw(100));
    const closed = await session.closed;
    expect(closed.code).toBe(3007);
    expect(closed.reason).toMatch(/faster than real time/);
  });

  test('Begin first; partials and end of turn follow the audio; Terminate → Termination and 1000', async () => {
    const session = await connect();
    for (let i = 0; i < 8; i++) {
      session.ws.send(silenceMulaw(100));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    session.ws.send(JSON.stringify({ type: 'Terminate' }));
    expect((await session.closed).code).toBe(1000);
    const types = session.messages.map((m) =>
      m.type === 'Turn' ? `Turn${m.end_of_turn ? '!' : ''}:${String(m.transcript)}` : m.type,
    );
    expect(types).toEqual(['Begin', 'Turn:', 'Turn:hello', 'Turn!:hello there', 'Termination']);
    expect(fake.connections[0].audioMessageMs).toEqual(Array(8).fill(100));
  });
});
