// A receipt page's operators compress nearly as well at zlib's level 1 as at the default 6, in
// a fraction of the time (compression.ts, print-worker.ts).
export const PAGE_LEVEL = 1;
