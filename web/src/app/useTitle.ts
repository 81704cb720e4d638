import { useEffect } from 'react';

/** The document title of a page (announced by screen readers on navigation). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Opsdeck`;
  }, [title]);
}
