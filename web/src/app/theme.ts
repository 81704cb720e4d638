/**
 * Light and dark themes: the system's preference until the user picks one, which is kept in
 * localStorage. The choice is a `data-theme` attribute on <html>; styles.css holds both
 * palettes as custom properties.
 */
import { createStore } from '../api/store';

export type Theme = 'light' | 'dark';
const KEY = 'opsdeck.theme';

function stored(): Theme | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

const media =
  typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
const system = (): Theme => (media?.matches ? 'dark' : 'light');

export const themeStore = createStore<Theme>(stored() ?? system());

function apply(t: Theme) {
  document.documentElement.dataset.theme = t;
}

export function initTheme(): void {
  apply(themeStore.get());
  media?.addEventListener('change', () => {
    if (stored() === null) {
      themeStore.set(system());
      apply(themeStore.get());
    }
  });
}

export function toggleTheme(): void {
  const next: Theme = themeStore.get() === 'dark' ? 'light' : 'dark';
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // not persisted
  }
  themeStore.set(next);
  apply(next);
}
