// The part of `linebreak` (UAX #14; pdfkit's own dependency, which ships no types) wrap.ts uses.
declare module 'linebreak' {
  export default class LineBreaker {
    constructor(text: string);
    /** The next break opportunity, or null at the end. */
    nextBreak(): { position: number; required: boolean } | null;
  }
}
