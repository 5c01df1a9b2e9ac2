// Types for fft.js (indutny), which ships none. Only what src/audio/speech-gate.ts uses is declared.
declare module 'fft.js' {
  export default class FFT {
    constructor(size: number);
    readonly size: number;
    /** Interleaved re/im array of 2·size numbers. */
    createComplexArray(): number[];
    /** Fills the left half of `out` (bins 0 … size/2) from real input. */
    realTransform(out: number[], input: ArrayLike<number>): void;
  }
}
