/**
 * ElevenLabs documents `ulaw_8000` output, but whether stream-input audio arrives headerless is
 * unconfirmed. Twilio plays a WAV or Sun .au header as a burst of noise, so each audio message is
 * checked for one and it is removed; a header that announces anything other than 8 kHz mu-law is
 * an error, since playing PCM as mu-law is static on the line.
 */

export type HeaderCheck =
  | { ok: true; audio: Uint8Array; header: 'riff' | 'snd' | undefined }
  | { ok: false; error: string };

const ascii = (bytes: Uint8Array, offset: number, length: number) =>
  String.fromCharCode(...bytes.subarray(offset, offset + length));

const WAVE_FORMAT_MULAW = 7;
const AU_ENCODING_MULAW = 1;

export function stripAudioHeader(bytes: Uint8Array): HeaderCheck {
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE')
    return stripRiff(bytes);
  if (bytes.length >= 24 && ascii(bytes, 0, 4) === '.snd') return stripSnd(bytes);
  return { ok: true, audio: bytes, header: undefined };
}

function stripRiff(bytes: Uint8Array): HeaderCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let sawFormat = false;
  while (offset + 8 <= bytes.length) {
    const id = ascii(bytes, offset, 4);
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ' && offset + 16 <= bytes.length) {
      const format = view.getUint16(offset + 8, true);
      const channels = view.getUint16(offset + 10, true);
      const rate = view.getUint32(offset + 12, true);
      if (format !== WAVE_FORMAT_MULAW || rate !== 8000 || channels !== 1) {
        return {
          ok: false,
          error: `WAV audio is format ${format}, ${rate} Hz, ${channels} channel(s); expected mu-law (7), 8000 Hz, mono`,
        };
      }
      sawFormat = true;
    }
    if (id === 'data') {
      if (!sawFormat) return { ok: false, error: 'WAV audio has no fmt chunk before its data' };
      return { ok: true, audio: bytes.subarray(offset + 8), header: 'riff' };
    }
    offset += 8 + size + (size % 2); // chunks are padded to even sizes
  }
  // A message holding only (part of) a header: nothing to play.
  return { ok: true, audio: new Uint8Array(0), header: 'riff' };
}

function stripSnd(bytes: Uint8Array): HeaderCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(4, false);
  const encoding = view.getUint32(12, false);
  const rate = view.getUint32(16, false);
  const channels = view.getUint32(20, false);
  if (encoding !== AU_ENCODING_MULAW || rate !== 8000 || channels !== 1) {
    return {
      ok: false,
      error: `.snd audio is encoding ${encoding}, ${rate} Hz, ${channels} channel(s); expected mu-law (1), 8000 Hz, mono`,
    };
  }
  return { ok: true, audio: bytes.subarray(Math.min(dataOffset, bytes.length)), header: 'snd' };
}
