/** The embedded recognizer as a ThreadedStt provider module: each worker thread builds its own. */
import { EmbeddedStt, type EndpointSettings } from './embedded.ts';
import type { SttProvider } from '../types.ts';

export async function createSttProvider(options: Record<string, unknown>): Promise<SttProvider> {
  const today = typeof options.today === 'string' ? options.today : undefined;
  const endpoint = (options.endpoint ?? undefined) as Partial<EndpointSettings> | undefined;
  return EmbeddedStt.create({ ...(today ? { today } : {}), ...(endpoint ? { endpoint } : {}) });
}
