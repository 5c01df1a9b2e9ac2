/**
 * How the simulated caller opens its WebSocket to the agent.
 *
 * Client frames must carry a mask (RFC 6455 §5.3) and agents' servers reject unmasked ones, so
 * frames stay masked — with an all-zero key. The random key exists to stop scripts in a browser
 * from steering the bytes an intermediary proxy sees; a load generator talking to its own target
 * has nothing to protect, and the zero key lets ws send each `media` string as is, without
 * copying it into a buffer and XOR-ing it, 50 times a second per call (bench:transport measures
 * the difference). The agent sees well-formed masked frames either way.
 */
import type { ClientOptions } from 'ws';

export function zeroMask(mask: Uint8Array): void {
  mask.fill(0);
}

export const CALLER_SOCKET_OPTIONS: Readonly<ClientOptions> = {
  perMessageDeflate: false,
  generateMask: zeroMask,
};
