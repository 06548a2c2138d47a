// The Content-Security-Policy of the console's pages. The renderer is a built Vue app: its
// script and styles are files of our own origin, so nothing inline, no eval, no other origin,
// no frames, no forms posting anywhere. The page reaches the main process only through the
// preload's object, which CSP does not govern.

export const CONSOLE_CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'frame-src': ["'none'"],
  'object-src': ["'none'"],
  'worker-src': ["'none'"],
});

/** `directive source source; …` in a fixed order, so the header is stable and testable. */
export function buildCsp(directives: Readonly<Record<string, readonly string[]>> = CONSOLE_CSP_DIRECTIVES): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}
