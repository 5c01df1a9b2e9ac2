/**
 * The first steps both parsers share: refuse binary frames, parse JSON, insist on an object,
 * and describe JSON values in error messages.
 */
import { protocolViolation, type ProtocolViolation } from './types.ts';

export type JsonObject = Record<string, unknown>;

/** "string", "number", "null", "array", "object", "boolean" — JSON's names, not JS's. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(text: string): string {
  return text.length <= 60 ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, 60))}…`;
}

export type JsonFrame =
  { ok: true; object: JsonObject } | { ok: false; violation: ProtocolViolation };

/** Turns one WebSocket message into a JSON object, or says why it is not one. */
export function parseJsonFrame(data: string | Buffer, isBinary: boolean): JsonFrame {
  if (isBinary) {
    return fail(
      protocolViolation(
        'binary_frame',
        `binary WebSocket frame (${data.length} bytes): Media Streams messages must be JSON text frames`,
      ),
    );
  }
  const text = typeof data === 'string' ? data : data.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return fail(
      protocolViolation('invalid_json', `message is not valid JSON (${reason}): ${preview(text)}`),
    );
  }
  if (!isJsonObject(value)) {
    return fail(
      protocolViolation(
        'invalid_json',
        `message is JSON ${jsonTypeName(value)}, not an object: ${preview(text)}`,
      ),
    );
  }
  return { ok: true, object: value };
}

function fail(violation: ProtocolViolation): JsonFrame {
  return { ok: false, violation };
}
