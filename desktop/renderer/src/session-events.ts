// A command answered "not signed in" (the session expired or was ended elsewhere). Stores report
// it here; the session store listens and sends the clerk back to the sign-in screen. A plain
// listener list, so stores need not import one another.
type Listener = () => void;

const listeners = new Set<Listener>();

export function onSessionLost(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportSessionLost(): void {
  for (const listener of listeners) listener();
}
