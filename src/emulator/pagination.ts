/** The documented pagination: `page` from 1, `per_page` up to 100, totals in `pagination`. */
import type { Pagination } from "../outpost/types.ts";

export function paginate<T>(
  items: readonly T[],
  page: number,
  perPage: number,
): { data: T[]; pagination: Pagination } {
  const start = (page - 1) * perPage;
  return {
    data: items.slice(start, start + perPage),
    pagination: {
      page,
      per_page: perPage,
      total: items.length,
      total_pages: Math.ceil(items.length / perPage),
    },
  };
}
