// Cursor-paginated lists ({items, next_cursor}, src/platform/http/params.cpp page_json): useCursorList
// loads page by page behind a "load more" button and reloads when `deps` change; fetchAll follows the
// cursor to the end for views that need every row (client-side filters, counts, look-ups by a field).
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

export interface CursorPage<T> {
  items: T[];
  next_cursor?: string | null;
}

export interface CursorList<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

export function useCursorList<T, P extends CursorPage<T>>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  deps: readonly unknown[] = [],
): CursorList<T> & { lastPage: P | null } {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [lastPage, setLastPage] = useState<P | null>(null);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const generation = useRef(0);

  const load = useCallback((from: string | undefined, append: boolean) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    fetchRef.current(from).then(
      (page) => {
        if (mine !== generation.current) return;
        setItems((previous) => (append ? [...previous, ...page.items] : page.items));
        setCursor(page.next_cursor ?? null);
        setLastPage(page);
        setLoading(false);
      },
      (failure: unknown) => {
        if (mine !== generation.current) return;
        setError(failure);
        setLoading(false);
      },
    );
  }, []);

  const reload = useCallback(() => load(undefined, false), [load]);
  useEffect(reload, [reload, ...deps]);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => {
      if (cursor !== null) load(cursor, true);
    },
    reload,
    lastPage,
  };
}

/** The most pages fetchAll reads before it gives up with list_too_long (never a silently cut list). */
export const FETCH_ALL_MAX_PAGES = 100;

/** Every page of a list, following next_cursor to the end; throws ApiError list_too_long past maxPages. */
export async function fetchAllPages<P extends CursorPage<unknown>>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  maxPages = FETCH_ALL_MAX_PAGES,
): Promise<P[]> {
  const pages: P[] = [];
  let cursor: string | undefined;
  do {
    if (pages.length === maxPages) throw new ApiError(0, 'list_too_long');
    const page = await fetchPage(cursor);
    pages.push(page);
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return pages;
}

/** Every row of a list (see fetchAllPages). */
export async function fetchAll<T>(
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
  maxPages = FETCH_ALL_MAX_PAGES,
): Promise<T[]> {
  return (await fetchAllPages(fetchPage, maxPages)).flatMap((page) => page.items);
}
