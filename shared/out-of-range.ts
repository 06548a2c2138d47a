// A number the database cannot store in its column: PostgreSQL answers 22003
// (numeric_value_out_of_range) when an id or a count beyond 32 bits reaches an `integer` column,
// e.g. `/meters/2147483648` or `{ "userId": 2147483648 }`. SQLite keeps 64-bit integers and just
// finds no row, so the same request was a 404 there and a 500 here. No such row can exist, and the
// number came from the request: it is answered as a refused request (400) on both engines.
export const OUT_OF_RANGE_MESSAGE = 'Число в запросе вне допустимого диапазона. Проверьте введённые данные.';

export function isOutOfRange(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '22003') return true;
  }
  return false;
}
