/**
 * Every item of a paginated list, page after page, as an async iterator. By default the next
 * page is asked for only when the caller has used the previous one; with `ahead`, once the first
 * page tells how many there are, up to that many later pages are fetched at once (a walk of ten
 * pages then costs two round trips, not ten), still yielded in order.
 */
import type { Pagination } from "./types.ts";

export interface Page<T> {
  readonly data: readonly T[];
  readonly pagination: Pagination;
}

export interface PaginateOptions {
  /** Pages fetched ahead of the one being read (default 0: one at a time). */
  readonly ahead?: number;
}

/**
 * Walks pages 1, 2, … until `pagination.total_pages`. An item created while walking shifts the
 * others to later pages, so an item met twice (same `id`) is yielded once.
 */
export async function* paginate<T extends { readonly id: string }>(
  fetchPage: (page: number) => Promise<Page<T>>,
  options: PaginateOptions = {},
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  const ahead = Math.max(0, options.ahead ?? 0);
  const inFlight = new Map<number, Promise<Page<T>>>();
  let lastPage = 1;
  const request = (page: number) => {
    const known = inFlight.get(page);
    if (known !== undefined) return known;
    const fetched = fetchPage(page);
    // Read in order below; a failure ahead must not go unhandled before its turn.
    fetched.catch(() => undefined);
    inFlight.set(page, fetched);
    return fetched;
  };
  for (let page = 1; ; page += 1) {
    for (let next = page + 1; next <= Math.min(lastPage, page + ahead); next += 1)
      void request(next);
    const { data, pagination } = await request(page);
    inFlight.delete(page);
    lastPage = pagination.total_pages;
    for (const item of data) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      yield item;
    }
    if (data.length === 0 || page >= pagination.total_pages) return;
  }
}
