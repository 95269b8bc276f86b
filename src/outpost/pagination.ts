/**
 * Every item of a paginated list, page after page, as an async iterator: the next page is asked
 * for only when the caller has used the previous one.
 */
import type { Pagination } from "./types.ts";

export interface Page<T> {
  readonly data: readonly T[];
  readonly pagination: Pagination;
}

/**
 * Walks pages 1, 2, … until `pagination.total_pages`. An item created while walking shifts the
 * others to later pages, so an item met twice (same `id`) is yielded once.
 */
export async function* paginate<T extends { readonly id: string }>(
  fetchPage: (page: number) => Promise<Page<T>>,
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  for (let page = 1; ; page += 1) {
    const { data, pagination } = await fetchPage(page);
    for (const item of data) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      yield item;
    }
    if (data.length === 0 || page >= pagination.total_pages) return;
  }
}
