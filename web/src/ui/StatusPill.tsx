/** A state as a word with a coloured dot: never colour alone. */
export function StatusPill({ state, label }: { state: string; label?: string }) {
  return (
    <span className={`pill pill-${state}`} data-state={state}>
      <span className="dot" aria-hidden="true" />
      {label ?? state}
    </span>
  );
}
