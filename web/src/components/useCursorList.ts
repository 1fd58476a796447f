// Loads a cursor-paginated list ({items, next_cursor}) page by page; reloads when `deps` change.
import { useCallback, useEffect, useRef, useState } from 'react';

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
