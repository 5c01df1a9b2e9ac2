/**
 * Keeps a call's event log bounded when the agent repeats a per-frame fault: an agent flooding
 * audio past the playback buffer would otherwise log one `playback_overflow` per message (15,000
 * events, 1.6 MB for a 20 s call). The first few of each kind are logged, so the timeline shows
 * when it started; the rest are only counted and summarized on the call's `call_ended` event.
 */

/** How many events of one repeated kind a call logs before it only counts them. */
export const KEPT_PER_KIND = 5;

export class RepeatedEvents {
  private readonly seen = new Map<string, number>();

  constructor(private readonly keep = KEPT_PER_KIND) {}

  /** Counts one occurrence; true when it should still be logged as an event. */
  admit(kind: string): boolean {
    const n = (this.seen.get(kind) ?? 0) + 1;
    this.seen.set(kind, n);
    return n <= this.keep;
  }

  /** Occurrences counted but not logged, by kind; empty when none were held back. */
  suppressed(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [kind, n] of this.seen) if (n > this.keep) out[kind] = n - this.keep;
    return out;
  }
}
