/**
 * An async iterator fed by `push`, for one subscription. Bounded: a subscriber that does not read keeps
 * at most `limit` items; one more ends its subscription with an error rather than growing the heap.
 */
export class PushQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private ended = false;

  constructor(
    private readonly limit: number,
    private readonly onEnd: () => void,
  ) {}

  get isEnded(): boolean {
    return this.ended;
  }

  push(value: T): void {
    if (this.ended) return;
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve({ value, done: false });
    } else if (this.buffer.length >= this.limit) {
      this.fail(new Error(`more than ${this.limit} objects waiting: the subscriber does not keep up; subscribe again`));
    } else {
      this.buffer.push(value);
    }
  }

  /** Ends the subscription with an error, at once: what is buffered is dropped, as the reader must catch up anyway. */
  fail(error: Error): void {
    if (this.ended) return;
    this.buffer.length = 0;
    if (this.waiter) {
      const { reject } = this.waiter;
      this.waiter = null;
      reject(error);
    } else {
      this.failure = error;
    }
    this.end();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift()!, done: false });
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.buffer.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.waiter && !this.failure) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve({ value: undefined, done: true });
    }
    this.onEnd();
  }
}
