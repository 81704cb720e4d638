/**
 * Keyboard shortcuts: `g o|i|c|a|s|w` go to a page, `?` lists the shortcuts, and pages add
 * their own (`usePageShortcuts`, e.g. `a` acknowledge on an incident). Ignored while typing
 * in a field, with Ctrl/Alt/Meta held, and (except Escape handling) while a dialog is open.
 */
import { useEffect, useRef } from 'react';
import { createStore } from '../api/store';

export interface Shortcut {
  key: string;
  description: string;
  run: () => void;
}

export const NAV_SHORTCUTS: { key: string; path: string; description: string }[] = [
  { key: 'o', path: '/', description: 'Go to the overview' },
  { key: 'i', path: '/incidents', description: 'Go to incidents' },
  { key: 'c', path: '/checks', description: 'Go to checks' },
  { key: 'a', path: '/alerts', description: 'Go to alerts' },
  { key: 's', path: '/silences', description: 'Go to silences' },
  { key: 'w', path: '/oncall', description: 'Go to on-call (who)' },
];

export const pageShortcuts = createStore<Shortcut[]>([]);
export const helpOpen = createStore(false);

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

/** Registers a page's shortcuts while it is mounted; `run` always sees the latest props. */
export function usePageShortcuts(list: Shortcut[]): void {
  const ref = useRef(list);
  useEffect(() => {
    ref.current = list;
  });
  const keys = list.map((s) => `${s.key}:${s.description}`).join('|');
  useEffect(() => {
    const entries = keys.split('|').map((k, i) => {
      const [key = '', description = ''] = k.split(':');
      return { key, description, run: () => ref.current[i]?.run() };
    });
    pageShortcuts.set(entries);
    return () => pageShortcuts.set([]);
  }, [keys]);
}

/** The global listener; `navigate` comes from the router. */
export function installShortcuts(navigate: (path: string) => void): () => void {
  let pendingG = 0;
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
    if (document.querySelector('dialog[open]')) return;
    const now = Date.now();
    if (now - pendingG < 1500) {
      pendingG = 0;
      const nav = NAV_SHORTCUTS.find((s) => s.key === e.key);
      if (nav) {
        e.preventDefault();
        navigate(nav.path);
      }
      return;
    }
    if (e.key === 'g') {
      pendingG = now;
      return;
    }
    if (e.key === '?') {
      e.preventDefault();
      helpOpen.set(true);
      return;
    }
    const page = pageShortcuts.get().find((s) => s.key === e.key);
    if (page) {
      e.preventDefault();
      page.run();
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
