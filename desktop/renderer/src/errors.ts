// Turns whatever a call threw into what a screen shows: the Russian message the command gave
// (a ConsoleError from the HTTP client or the preload), and field errors keyed by field name.
// Read by shape rather than `instanceof`: the preload and the HTTP client each build their own.

export interface UiError {
  id: string;
  message: string;
  fields: Record<string, string>;
}

const FALLBACK = 'Не удалось выполнить действие. Проверьте связь с сервером и повторите.';

export function toUiError(error: unknown): UiError {
  if (!isObject(error)) return { id: 'internal', message: FALLBACK, fields: {} };
  const id = typeof error.id === 'string' ? error.id : 'internal';
  const hasDomainShape = typeof error.id === 'string' && typeof error.message === 'string';
  const message = hasDomainShape ? (error.message as string) : FALLBACK;
  const fields: Record<string, string> = {};
  if (Array.isArray(error.fieldErrors)) {
    for (const item of error.fieldErrors as unknown[]) {
      if (isObject(item) && typeof item.field === 'string' && typeof item.message === 'string') {
        // The first message per field is the one worth reading; later ones repeat the point.
        fields[item.field] ??= item.message;
      }
    }
  }
  return { id, message, fields };
}

/** The session ended or never began: the app returns to the sign-in screen. */
export function isUnauthenticated(error: UiError): boolean {
  return error.id === 'unauthenticated';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
