/**
 * Which store a call's tools use: the process's one store (`shared`, as a deployed agent has) or
 * a fresh store from the seed data (`per-call`, so test calls do not see each other's bookings).
 */
import { AcmeStore } from './store.ts';

/**
 * Whose bookings a call sees. `shared`: one store for the process, as a deployed agent has (a
 * booking made in one call is visible to the next). `per-call`: every call starts from the seed
 * data, as a test fixture should, so repeated and concurrent test calls do not depend on each other.
 */
export const STORE_CHOICES = ['shared', 'per-call'] as const;
export type StoreChoice = (typeof STORE_CHOICES)[number];

export function storeForEachCall(scope: StoreChoice, today: string | undefined): () => AcmeStore {
  if (scope === 'per-call') return () => new AcmeStore({ today });
  const shared = new AcmeStore({ today });
  return () => shared;
}
