/**
 * What turns the agent's heard speech segments into text, whichever engine does it: the embedded
 * recognizer (offline, default) or a cloud speech-to-text API. Scoring only sees this interface.
 */
import type { HeardUtterance } from '../expectations/types.ts';
import type { HeardSegment } from './heard-audio.ts';

export interface AudioTranscriber {
  /** Shown in reports beside each utterance, e.g. "embedded" or "openai:gpt-4o-mini-transcribe". */
  readonly name: string;
  /**
   * One utterance per segment, in order, with the segment's startMs/endMs. `phrases` are what the
   * scenario expects to hear (a vocabulary hint). A segment that could not be transcribed comes back
   * with empty text and `error` set, so one bad request does not lose the rest of the call.
   */
  transcribe(
    segments: readonly HeardSegment[],
    phrases: readonly string[],
  ): Promise<HeardUtterance[]>;
  /** Releases threads / connections; the transcriber is not used after this. */
  close(): Promise<void>;
}
