/**
 * The raw SOAP messages of the journal, kept in one ring of bytes outside the
 * JavaScript heap: the garbage collector never copies or marks them (kept as
 * strings, every request's 2-4 KB were copied twice on their way to the old
 * generation, the largest single cost of a request). The oldest messages are
 * overwritten first; reading one that is gone gives undefined.
 */
export class MessageLog {
  private readonly bytes: Buffer;
  /** Where the next message goes, counted from the start of the log (it only grows: position p is intact while head <= p + capacity). */
  private head = 0;

  constructor(readonly capacity: number) {
    // not zeroed: the pages are only touched as messages fill them
    this.bytes = Buffer.allocUnsafe(capacity);
  }

  /** The largest message kept: bigger ones would wipe out too much of the log at once. */
  get maxMessage(): number {
    return Math.floor(this.capacity / 4);
  }

  /** Stores a message; returns where it is, or -1 when it is larger than maxMessage. */
  write(message: string): { at: number; length: number } {
    let offset = this.head % this.capacity;
    let length: number;
    // a UTF-16 unit takes at most 3 bytes in UTF-8: when that much room is left, the
    // message is written without measuring it first
    if (message.length * 3 <= this.capacity - offset && message.length * 3 <= this.maxMessage) {
      length = this.bytes.write(message, offset, 'utf8');
    } else {
      length = Buffer.byteLength(message, 'utf8');
      if (length > this.maxMessage) return { at: -1, length };
      if (offset + length > this.capacity) {
        // a message is never split: the end of the ring is skipped
        this.head += this.capacity - offset;
        offset = 0;
      }
      this.bytes.write(message, offset, length, 'utf8');
    }
    const at = this.head;
    this.head += length;
    return { at, length };
  }

  /** The message stored at `at`, or undefined when it was not kept or has been overwritten since. */
  read(at: number, length: number): string | undefined {
    if (at < 0 || this.head > at + this.capacity) return undefined;
    const offset = at % this.capacity;
    return this.bytes.toString('utf8', offset, offset + length);
  }
}
