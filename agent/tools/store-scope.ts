/**
 * Which store a call's tools use: the process's one store (`shared`, as a deployed agent has) or
 * a fresh store from the seed data (`per-call`, so test calls do not see each other's bookings).
 */
import type { StoreChoice } from '../config.ts';
import { AcmeStore } from './store.ts';

export function storeForEachCall(scope: StoreChoice, today: string | undefined): () => AcmeStore {
  if (scope === 'per-call') return () => new AcmeStore({ today });
  const shared = new AcmeStore({ today });
  return () => shared;
}
