/**
 * GitHub's page-number pagination: `per_page` (default 30, at most 100) and `page`, with a
 * `Link` header naming the first, previous, next and last pages, as Octokit's paginate reads it.
 */
export interface Page<T> {
  readonly items: readonly T[];
  readonly headers: Readonly<Record<string, string>>;
}

export function paginate<T>(
  items: readonly T[],
  query: Readonly<Record<string, unknown>>,
  requestUrl: URL,
): Page<T> {
  const perPage = Math.min(100, Math.max(1, Number(query["per_page"] ?? 30)));
  const page = Math.max(1, Number(query["page"] ?? 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string): string => {
    const url = new URL(requestUrl);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(n));
    return `<${url.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(", ") } : {},
  };
}
