// HTTP status for each error id a command result may carry; the body is the result either way.
export const STATUS_BY_ERROR_ID: Readonly<Record<string, number>> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  outdated: 426,
  rate_limited: 429,
  internal: 500,
};

export function httpStatusOf(errorId: string): number {
  return STATUS_BY_ERROR_ID[errorId] ?? 400;
}
