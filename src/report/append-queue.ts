import { appendFile } from 'node:fs/promises';

/**
 * Appends to one file in order, one write at a time, so concurrent calls finishing together
 * never interleave their lines. `append` resolves once the text is in the file.
 */
export class AppendQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  append(text: string): Promise<void> {
    const next = this.tail.then(() => appendFile(this.path, text));
    this.tail = next.catch(() => {});
    return next;
  }
}
