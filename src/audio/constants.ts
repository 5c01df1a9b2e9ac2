/**
 * The one audio format on the wire: Twilio Media Streams carry 8 kHz mono G.711 mu-law in
 * 20 ms frames (160 samples, one byte each). Everything the harness and agent exchange is
 * framed in these units.
 */
export const SAMPLE_RATE = 8000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000; // 160
/** One mu-law byte per sample. */
export const FRAME_BYTES = FRAME_SAMPLES;
/** mu-law code for a zero sample (both 0xff and 0x7f decode to 0; 0xff is what encoders emit). */
export const MULAW_SILENCE = 0xff;
