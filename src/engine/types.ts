/**
 * The engine's own types. What it hands downstream (ScoredCall, SkippedScenario) is in
 * src/results/scored-call.ts, a leaf the layers the engine drives can import without importing it.
 */

/** An agent the session started itself (the embedded reference agent), stopped when the session ends. */
export interface LocalAgent {
  url: string;
  close(): Promise<void>;
}
