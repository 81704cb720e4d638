import { useSyncExternalStore } from 'react';

/** A tiny observable value (module-level state shared by React and non-React code). */
export interface Store<T> {
  get(): T;
  set(next: T): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      for (const l of [...listeners]) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/** A set of callbacks with one `emit`. */
export function createSignal<A>() {
  const listeners = new Set<(arg: A) => void>();
  return {
    on(listener: (arg: A) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(arg: A) {
      for (const l of [...listeners]) l(arg);
    },
  };
}
