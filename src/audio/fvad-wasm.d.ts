// Types for @echogarden/fvad-wasm, which ships none: an emscripten ESM factory exposing
// libfvad (WebRTC VAD) and the emscripten heap. Only what src/audio/vad.ts uses is declared.
declare module '@echogarden/fvad-wasm' {
  export interface FvadModule {
    _fvad_new(): number;
    _fvad_free(handle: number): void;
    _fvad_reset(handle: number): void;
    /** 0 ok, -1 invalid mode. */
    _fvad_set_mode(handle: number, mode: number): number;
    /** 0 ok, -1 unsupported rate (8000, 16000, 32000, 48000). */
    _fvad_set_sample_rate(handle: number, rate: number): number;
    /** 1 speech, 0 not, -1 invalid frame length (10/20/30 ms). */
    _fvad_process(handle: number, framePtr: number, length: number): number;
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    /** Replaced by a new view if memory grows: read it at use, do not keep it. */
    HEAP16: Int16Array;
  }
  export default function createFvad(moduleArg?: Record<string, unknown>): Promise<FvadModule>;
}
