import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fetchFailureCause } from './fetch-failure.ts';

describe('fetchFailureCause', () => {
  it("prefers the cause's message, then the error's own, then the value", () => {
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:9');
    expect(fetchFailureCause(new TypeError('fetch failed', { cause: refused }))).toBe(
      'connect ECONNREFUSED 127.0.0.1:9',
    );
    expect(fetchFailureCause(new Error('boom'))).toBe('boom');
    expect(fetchFailureCause('odd')).toBe('odd');
  });

  it('resolves a real refused connection to its reason', async () => {
    // A port that was just listened on and closed: nothing answers there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const err = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(fetchFailureCause(err)).toMatch(/ECONNREFUSED/);
  });
});
