/**
 * Reads for views: stale-while-revalidate from a small in-memory cache (navigating back is
 * instant), reload on matching live events (coalesced: at most one reload in flight and one
 * queued, 300 ms after the last event, so a burst of 1,000 events is one or two requests),
 * and reload once when the server comes back or the event stream resets.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from './client';
import { recovered } from './connectivity';
import { onLiveEvent, resync, type LiveEvent } from './events';

const cache = new Map<string, unknown>();
const CACHE_MAX = 200;

function remember(path: string, data: unknown) {
  cache.delete(path);
  cache.set(path, data);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
}

export interface Query<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

export interface QueryOptions {
  /** Change types that make this data stale, e.g. `['incident.*']`. */
  live?: readonly string[];
  /** Quiet time after the last live event before reloading (default 300 ms). */
  debounceMs?: number;
  /**
   * Which of the matching events concern this data, e.g. only those about the incident on
   * screen. Read at event time (a new function each render is fine). Default: all of them.
   */
  relevant?: (e: LiveEvent) => boolean;
}

export function useQuery<T>(path: string | null, options: QueryOptions = {}): Query<T> {
  const [state, setState] = useState<{
    path: string | null;
    data: T | undefined;
    error: ApiError | null;
    loading: boolean;
  }>(() => ({
    path,
    data: path ? (cache.get(path) as T | undefined) : undefined,
    error: null,
    loading: path !== null,
  }));
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => {
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    setTick((t) => t + 1);
  }, []);

  // A new path starts from what the cache has for it.
  if (state.path !== path)
    setState({
      path,
      data: path ? (cache.get(path) as T | undefined) : undefined,
      error: null,
      loading: path !== null,
    });

  useEffect(() => {
    if (!path) return;
    const ctl = new AbortController();
    api<T>(path, { signal: ctl.signal }).then(
      (data) => {
        remember(path, data);
        setState({ path, data, error: null, loading: false });
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        const error = e instanceof ApiError ? e : new ApiError(0, 'client', String(e));
        setState((s) => ({ ...s, error, loading: false }));
      },
    );
    return () => ctl.abort();
  }, [path, tick]);

  const live = options.live?.join(',') ?? '';
  const debounceMs = options.debounceMs ?? 300;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const relevant = useRef(options.relevant);
  useEffect(() => {
    relevant.current = options.relevant;
  });
  useEffect(() => {
    const later = (e: LiveEvent) => {
      if (relevant.current && !relevant.current(e)) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(reload, debounceMs);
    };
    const offs = [recovered.on(reload), resync.on(reload)];
    if (live) offs.push(onLiveEvent(live.split(','), later));
    return () => {
      clearTimeout(timer.current);
      for (const off of offs) off();
    };
  }, [live, reload, debounceMs]);

  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** A write with its pending flag and error, for buttons and forms. */
export function useMutation() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  return { pending, error, run, clearError: () => setError(null) };
}
