/**
 * AssemblyAI Universal Streaming v3 server messages, validated at the edge: the adapter only
 * ever sees well-typed values, and anything else is reported as a protocol problem.
 */

export interface AssemblyAiWord {
  text: string;
  /** Milliseconds from the start of the audio sent on this session. */
  start: number;
  end: number;
  confidence: number;
  word_is_final: boolean;
}

export type AssemblyAiServerMessage =
  | { type: 'Begin'; id: string; expires_at: number }
  | { type: 'SpeechStarted'; timestamp: number; confidence: number }
  | {
      type: 'Turn';
      turn_order: number;
      turn_is_formatted: boolean;
      end_of_turn: boolean;
      transcript: string;
      utterance: string;
      end_of_turn_confidence: number;
      words: AssemblyAiWord[];
    }
  | { type: 'Termination'; audio_duration_seconds: number; session_duration_seconds: number }
  | { type: 'Error'; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const num = (v: unknown, fallback = 0): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function parseWord(raw: unknown): AssemblyAiWord | undefined {
  if (!isRecord(raw) || typeof raw.text !== 'string') return undefined;
  return {
    text: raw.text,
    start: num(raw.start),
    end: num(raw.end),
    confidence: num(raw.confidence, 1),
    word_is_final: raw.word_is_final !== false,
  };
}

/** Parses one text frame; returns a string describing the problem when it is not a known message. */
export function parseServerMessage(text: string): AssemblyAiServerMessage | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 200)}`;
  }
  if (!isRecord(raw)) return `not an object: ${text.slice(0, 200)}`;
  if (typeof raw.error === 'string') return { type: 'Error', error: raw.error };
  switch (raw.type) {
    case 'Begin':
      return { type: 'Begin', id: str(raw.id), expires_at: num(raw.expires_at) };
    case 'SpeechStarted':
      return {
        type: 'SpeechStarted',
        timestamp: num(raw.timestamp),
        confidence: num(raw.confidence, 1),
      };
    case 'Turn': {
      if (typeof raw.turn_order !== 'number' || typeof raw.end_of_turn !== 'boolean')
        return `Turn without turn_order/end_of_turn: ${text.slice(0, 200)}`;
      const words = Array.isArray(raw.words)
        ? raw.words.map(parseWord).filter((w): w is AssemblyAiWord => w !== undefined)
        : [];
      return {
        type: 'Turn',
        turn_order: raw.turn_order,
        turn_is_formatted: raw.turn_is_formatted === true,
        end_of_turn: raw.end_of_turn,
        transcript: str(raw.transcript),
        utterance: str(raw.utterance),
        end_of_turn_confidence: num(raw.end_of_turn_confidence),
        words,
      };
    }
    case 'Termination':
      return {
        type: 'Termination',
        audio_duration_seconds: num(raw.audio_duration_seconds),
        session_duration_seconds: num(raw.session_duration_seconds),
      };
    default:
      return `unknown message type ${JSON.stringify(raw.type)}`;
  }
}

/** What each documented close code means for a caller, and what to do about it. */
export function describeCloseCode(code: number, reason: string): string {
  const detail = reason ? ` (${reason})` : '';
  switch (code) {
    case 1008:
      return `AssemblyAI refused the session: not authorized${detail}. Check ASSEMBLYAI_API_KEY.`;
    case 3005:
      return `AssemblyAI server error${detail}; a new session may work.`;
    case 3006:
      return `AssemblyAI rejected a message as invalid${detail}.`;
    case 3007:
      return `AssemblyAI rejected the audio pacing: each message must hold 50–1000 ms and audio must not be sent faster than real time${detail}.`;
    case 3008:
      return `AssemblyAI ended the session: it reached the 3-hour limit${detail}.`;
    case 3009:
      return `AssemblyAI refused the session: too many concurrent sessions for this account${detail}. Lower the concurrency or raise the account limit.`;
    default:
      return `AssemblyAI closed the connection unexpectedly with code ${code}${detail}.`;
  }
}
