// A whole list, read in windows of rows with the same query, order and mapping as its pages:
// what an export of «the list as filtered» writes, without holding it all in memory.

/** Rows per database round trip of an export. */
export const EXPORT_WINDOW = 1_000;

export async function* windowsOf<T>(read: (limit: number, offset: number) => Promise<T[]>, size = EXPORT_WINDOW): AsyncGenerator<T[]> {
  for (let offset = 0; ; offset += size) {
    const rows = await read(size, offset);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
  }
}
