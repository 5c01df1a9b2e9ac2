import { appendWhole } from './atomic-write.ts';

/**
 * Appends to one file in order, one write at a time, so concurrent calls finishing together
 * never interleave their lines. `append` resolves once the text is in the file;
 * a failed append leaves the file as it was before it (see atomic-write.ts).
 */
export class AppendQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  append(text: string): Promise<void> {
    const next = this.tail.then(() => appendWhole(this.path, text));
    this.tail = next.catch(() => {});
    return next;
  }
}
