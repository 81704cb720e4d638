/** Short messages over the page (a missing permission, a saved post-mortem). */
import { createStore } from '../api/store';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export const toastStore = createStore<Toast[]>([]);
let next = 1;

export function dismissToast(id: number): void {
  toastStore.set(toastStore.get().filter((t) => t.id !== id));
}

export function toast(text: string, kind: Toast['kind'] = 'info'): void {
  const id = next++;
  // The same message twice in a row (a double click) shows once.
  const rest = toastStore.get().filter((t) => t.text !== text);
  toastStore.set([...rest, { id, kind, text }].slice(-4));
  setTimeout(() => dismissToast(id), kind === 'error' ? 12_000 : 5_000);
}
