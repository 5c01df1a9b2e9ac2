/** A provider module for ThreadedStt tests: hosts FakeEnergyStt in a worker. */
import { FakeEnergyStt } from './fake-stt.ts';
import type { SttProvider } from '../types.ts';

export async function createSttProvider(options: Record<string, unknown>): Promise<SttProvider> {
  if (options.failToLoad) throw new Error('model files missing');
  return new FakeEnergyStt((options.transcripts as string[] | undefined) ?? [], 100);
}
