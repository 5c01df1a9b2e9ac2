/**
 * Recognises audio file headers at the start of a media payload.
 *
 * Twilio plays `media.payload` bytes as raw 8 kHz mu-law. An agent that forwards a TTS vendor's
 * WAV/MP3/Ogg output unchanged puts a file header (and usually the wrong codec) on the line, which
 * the caller hears as clicks or static (protocol.md pitfall 1). Twilio cannot tell; callbench can.
 *
 * The catch is that every byte value is a valid mu-law sample, so a signature must be unlikely in
 * real mu-law audio. Magic numbers of 4+ bytes plus a structural check (RIFF…WAVE, ID3 with a
 * valid version and sync-safe size, ".snd" with a sane data offset) are safe. MP3 frame sync is
 * NOT: a sync word is 11 set bits (0xFF then 0xE0-0xFF), and mu-law near-silence is exactly
 * 0xFF/0xFE/0xFD…, so `FF FB`, `FF F3` are everywhere in quiet mu-law. Hence the rule for
 * MPEG audio without an ID3 tag: the bytes must parse as a valid MPEG audio frame header (no
 * reserved version/layer/sample rate/emphasis, no free-format or "bad" bitrate) of the kind MP3
 * encoders write (Layer III, no emphasis) AND either
 *   - a Xing/Info/VBRI tag sits exactly where encoders write it in that first frame, or
 *   - the payload holds at least two frames and every header that fits chains exactly from the
 *     previous frame's length, with the same version, layer, sample rate and channel mode.
 * Digital silence (all 0xFF) fails at once: bitrate index 15 is invalid. Tested at every offset of
 * all 948 AN4 recordings (20 M offsets, ~370k naive sync matches, ~6k valid single headers of any
 * layer), FSDD speech and quiet line noise: no false positives. The price is false
 * negatives: an MP3 cut into pieces smaller than one frame, with no ID3 tag or VBR header in the
 * first piece, is not flagged. Headerless PCM16 sent as "mu-law" is not detected either (no
 * cheap test separates it from mu-law noise reliably).
 */

function hasAscii(bytes: Uint8Array, offset: number, text: string): boolean {
  if (offset + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

// Bitrates in kbit/s by [version group][layer][index]; index 0 (free format) and 15 (bad) are 0.
// Version group 0 = MPEG-1, 1 = MPEG-2 and MPEG-2.5. Layer index 0 = Layer I, 1 = II, 2 = III.
const BITRATES_KBPS: readonly (readonly (readonly number[])[])[] = [
  [
    [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448, 0],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 0],
    [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0],
  ],
  [
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256, 0],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0],
  ],
];

// Sample rates by version bits (0 = MPEG-2.5, 1 = reserved, 2 = MPEG-2, 3 = MPEG-1) and index.
const SAMPLE_RATES_HZ: readonly (readonly number[])[] = [
  [11025, 12000, 8000],
  [],
  [22050, 24000, 16000],
  [44100, 48000, 32000],
];

/**
 * Length in bytes of the MPEG audio frame whose header starts at `offset`, or 0 when the four
 * bytes there are not a valid, non-free-format frame header.
 */
export function mpegFrameLength(bytes: Uint8Array, offset: number): number {
  if (offset + 4 > bytes.length) return 0;
  const b1 = bytes[offset + 1];
  const b2 = bytes[offset + 2];
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return 0;
  const versionBits = (b1 >> 3) & 0x03;
  const layerBits = (b1 >> 1) & 0x03; // 3 = Layer I, 2 = II, 1 = III, 0 = reserved
  const bitrateIndex = b2 >> 4;
  const sampleRateIndex = (b2 >> 2) & 0x03;
  const emphasis = bytes[offset + 3] & 0x03;
  if (versionBits === 1 || layerBits === 0 || sampleRateIndex === 3 || emphasis === 2) return 0;
  const layer = 4 - layerBits; // 1, 2 or 3
  const bitrateKbps = BITRATES_KBPS[versionBits === 3 ? 0 : 1][layer - 1][bitrateIndex];
  if (bitrateKbps === 0) return 0;
  const sampleRateHz = SAMPLE_RATES_HZ[versionBits][sampleRateIndex];
  const padding = (b2 >> 1) & 0x01;
  if (layer === 1) return (Math.floor((12 * bitrateKbps * 1000) / sampleRateHz) + padding) * 4;
  const samplesPerFrameOver8 = layer === 3 && versionBits !== 3 ? 72 : 144;
  return Math.floor((samplesPerFrameOver8 * bitrateKbps * 1000) / sampleRateHz) + padding;
}

/** A Xing/Info (LAME) or VBRI header inside the first Layer III frame, at the offset encoders use. */
function hasVbrTag(bytes: Uint8Array): boolean {
  const b1 = bytes[1];
  if (((b1 >> 1) & 0x03) !== 1) return false; // Layer III only
  const mpeg1 = ((b1 >> 3) & 0x03) === 3;
  const mono = bytes[3] >> 6 === 3;
  const crc = (b1 & 0x01) === 0 ? 2 : 0;
  const sideInfo = mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17;
  const xingAt = 4 + crc + sideInfo;
  return (
    hasAscii(bytes, xingAt, 'Xing') ||
    hasAscii(bytes, xingAt, 'Info') ||
    hasAscii(bytes, 36, 'VBRI')
  );
}

/**
 * Only the MP3 flavour TTS services emit: Layer III, emphasis "none", as every mainstream encoder
 * writes. Layer I/II and emphasis flags are dropped on evidence: FSDD digits encoded to mu-law
 * contain dozens of two-frame "Layer I" chains with emphasis 11 (low-entropy byte patterns such as
 * `FF FF 67 FF`), and none of this narrower kind.
 */
function isMp3FrameStart(bytes: Uint8Array, offset: number): boolean {
  return ((bytes[offset + 1] >> 1) & 0x03) === 1 && (bytes[offset + 3] & 0x03) === 0;
}

function looksLikeMpegAudio(bytes: Uint8Array): boolean {
  const firstLength = mpegFrameLength(bytes, 0);
  if (firstLength === 0 || !isMp3FrameStart(bytes, 0)) return false;
  if (hasVbrTag(bytes)) return true;
  const streamBits1 = bytes[1] & 0xfe; // sync + version + layer (not the CRC bit)
  const streamBits2 = bytes[2] & 0x0c; // sample rate
  const channelMode = bytes[3] & 0xc0;
  let frames = 1;
  let offset = firstLength;
  while (offset + 4 <= bytes.length) {
    if (
      bytes[offset] !== 0xff ||
      (bytes[offset + 1] & 0xfe) !== streamBits1 ||
      (bytes[offset + 2] & 0x0c) !== streamBits2 ||
      (bytes[offset + 3] & 0xc3) !== channelMode // same channel mode, emphasis none
    ) {
      return false;
    }
    const length = mpegFrameLength(bytes, offset);
    if (length === 0) return false;
    frames++;
    offset += length;
  }
  return frames >= 2;
}

/**
 * Names the audio file format whose header starts `bytes` ("WAV (RIFF)", "MP3 (ID3v2 tag)", …),
 * or returns null for anything that may be raw mu-law. Reads only the first bytes (plus MPEG frame
 * headers), so it is cheap enough for every media message.
 */
export function sniffAudioHeader(bytes: Uint8Array): string | null {
  if (bytes.length < 4) return null;
  switch (bytes[0]) {
    case 0x52: // R
      if (
        (hasAscii(bytes, 0, 'RIFF') || hasAscii(bytes, 0, 'RIFX') || hasAscii(bytes, 0, 'RF64')) &&
        hasAscii(bytes, 8, 'WAVE')
      ) {
        return 'WAV (RIFF)';
      }
      return null;
    case 0x49: // I
      // ID3v2: "ID3", major version 2-4, minor never 0xFF, flags, then a 4-byte sync-safe size.
      if (
        bytes.length >= 10 &&
        hasAscii(bytes, 0, 'ID3') &&
        bytes[3] >= 2 &&
        bytes[3] <= 4 &&
        bytes[4] !== 0xff &&
        (bytes[6] | bytes[7] | bytes[8] | bytes[9]) < 0x80
      ) {
        return 'MP3 (ID3v2 tag)';
      }
      return null;
    case 0x2e: {
      // Sun/NeXT audio: ".snd", then a big-endian data offset of at least the 24-byte header.
      if (!hasAscii(bytes, 0, '.snd') || bytes.length < 8) return null;
      const dataOffset = ((bytes[4] << 24) | (bytes[5] << 16) | (bytes[6] << 8) | bytes[7]) >>> 0;
      return dataOffset >= 24 ? 'Sun .snd/.au' : null;
    }
    case 0x4f: // O
      return hasAscii(bytes, 0, 'OggS') && bytes.length > 4 && bytes[4] === 0 ? 'Ogg' : null;
    case 0x66: // f
      // The first metadata block after "fLaC" must be STREAMINFO (type 0).
      return hasAscii(bytes, 0, 'fLaC') && bytes.length > 4 && (bytes[4] & 0x7f) === 0
        ? 'FLAC'
        : null;
    case 0x46: // F
      return hasAscii(bytes, 0, 'FORM') &&
        (hasAscii(bytes, 8, 'AIFF') || hasAscii(bytes, 8, 'AIFC'))
        ? 'AIFF'
        : null;
    case 0xff:
      return looksLikeMpegAudio(bytes) ? 'MP3 (MPEG audio frames)' : null;
    default:
      return null;
  }
}
