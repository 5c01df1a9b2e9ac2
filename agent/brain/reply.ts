/**
 * One reply of the rule-based brain, assembled before any of it is handed out, then released in
 * the order the call session needs: tool calls (already done), then `expect` (so the recognizer
 * switches grammar before the caller can answer), then the text sentence by sentence, then
 * `hangup`/`transfer` last.
 */
import type { BrainOutput, SttContext, ToolCallRecord } from '../providers/types.ts';

/** Splits composed text at sentence ends ("Thanks. What's your…" → two pieces). */
export function sentences(text: string): string[] {
  const out: string[] = [];
  // A sentence ends at . ? ! followed by a space and a capital or a digit; "3, 7, 9, 2." stays whole.
  for (const piece of text.split(/(?<=[.?!])\s+(?=[A-Z0-9"'])/)) {
    const trimmed = piece.trim();
    if (trimmed !== '') out.push(trimmed);
  }
  return out;
}

export class Reply {
  private readonly toolCalls: ToolCallRecord[] = [];
  private context: SttContext | null = null;
  private readonly texts: string[] = [];
  private ending: Extract<BrainOutput, { type: 'hangup' | 'transfer' }> | null = null;

  toolCall(record: ToolCallRecord): void {
    this.toolCalls.push(record);
  }

  /** What to listen for after this reply; the last call wins (the state the reply ends in). */
  expect(context: SttContext): void {
    this.context = context;
  }

  say(text: string): void {
    this.texts.push(...sentences(text));
  }

  hangup(): void {
    this.ending = { type: 'hangup' };
  }

  transfer(reason: string): void {
    this.ending = { type: 'transfer', reason };
  }

  get ends(): boolean {
    return this.ending !== null;
  }

  get expectation(): SttContext | null {
    return this.ending ? null : this.context;
  }

  /** The spoken text, as one string (for history and logs). */
  text(): string {
    return this.texts.join(' ');
  }

  outputs(): BrainOutput[] {
    const out: BrainOutput[] = this.toolCalls.map((call) => ({ type: 'tool_call', call }));
    // After a hangup or transfer nothing is listened for.
    if (this.context && !this.ending) out.push({ type: 'expect', context: this.context });
    for (const text of this.texts) out.push({ type: 'text', text });
    if (this.ending) out.push(this.ending);
    return out;
  }
}
