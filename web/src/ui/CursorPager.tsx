/**
 * Previous / next for lists paged by the server's `next_cursor`: the cursors of the pages
 * seen so far are the history, so "previous" is dropping the last one.
 */
export function CursorPager({
  label,
  cursors,
  setCursors,
  next,
  showPage = false,
}: {
  label: string;
  cursors: string[];
  setCursors: (cursors: string[]) => void;
  /** The current page's `next_cursor`; null or undefined on the last page. */
  next: string | null | undefined;
  showPage?: boolean;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        disabled={cursors.length === 0}
        onClick={() => setCursors(cursors.slice(0, -1))}
      >
        Previous page
      </button>
      {showPage && <span>Page {cursors.length + 1}</span>}
      <button type="button" disabled={!next} onClick={() => next && setCursors([...cursors, next])}>
        Next page
      </button>
    </nav>
  );
}
