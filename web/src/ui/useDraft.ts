import { useCallback, useState } from 'react';

/**
 * Text kept in sessionStorage until it is submitted: a reload, an expired session or a
 * server outage never loses what someone typed. `clear()` after a successful submit.
 */
export function useDraft<T>(
  key: string,
  initialValue: T | (() => T),
): [T, (v: T | ((prev: T) => T)) => void, () => void] {
  const storageKey = `opsdeck.draft.${key}`;
  const initial = () =>
    typeof initialValue === 'function' ? (initialValue as () => T)() : initialValue;
  const [state, setState] = useState<{ key: string; value: T }>(() => ({
    key: storageKey,
    value: read(storageKey, initial),
  }));
  let value = state.value;
  if (state.key !== storageKey) {
    value = read(storageKey, initial);
    setState({ key: storageKey, value });
  }
  const set = useCallback(
    (v: T | ((prev: T) => T)) => {
      setState((s) => {
        const next = typeof v === 'function' ? (v as (p: T) => T)(s.value) : v;
        try {
          sessionStorage.setItem(storageKey, JSON.stringify(next));
        } catch {
          // storage full or disabled: the draft lives in memory only
        }
        return { key: storageKey, value: next };
      });
    },
    [storageKey],
  );
  const clear = useCallback(() => {
    try {
      sessionStorage.removeItem(storageKey);
    } catch {
      // ignore
    }
    setState({ key: storageKey, value: initial() });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storageKey]);
  return [value, set, clear];
}

function read<T>(key: string, fallback: () => T): T {
  try {
    const raw = sessionStorage.getItem(key);
    return raw === null ? fallback() : (JSON.parse(raw) as T);
  } catch {
    return fallback();
  }
}
