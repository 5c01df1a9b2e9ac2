/** Messages between the heard-audio transcriber and its worker thread. */
export interface TranscribeRequest {
  id: number;
  /** Phrases the scenario listens for (become whole items of the spotting grammar). */
  phrases: string[];
  segments: { startMs: number; endMs: number; mulaw: Uint8Array }[];
}

export type TranscribeReply =
  { id: number; ok: true; texts: string[] } | { id: number; ok: false; error: string };
