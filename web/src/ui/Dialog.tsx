import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal on the native <dialog> (focus trap, Escape and inert background for free).
 * `onClose` is left out for dialogs that must not be dismissed (session expired).
 */
export function Dialog({
  title,
  children,
  onClose,
  testId,
}: {
  title: string;
  children: ReactNode;
  onClose?: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const titleId = `dlg-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose?.();
      }}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        {onClose && (
          <button type="button" className="icon" onClick={onClose} aria-label="Close">
            ×
          </button>
        )}
      </div>
      {children}
    </dialog>
  );
}
