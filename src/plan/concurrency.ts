/** At most `limit` calls running at once; the others wait their turn, in order. */
export class RequestLimit {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency must be ≥ 1, got ${limit}`);
    this.#limit = limit;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#limit)
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active++;
    try {
      return await call();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}

/** Runs `task` over `items` with at most `limit` running at once; results keep the items' order. */
export function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const slots = new RequestLimit(limit);
  return Promise.all(items.map((item, index) => slots.run(() => task(item, index))));
}
