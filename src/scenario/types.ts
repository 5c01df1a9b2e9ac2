/**
 * The validated, normalized form of a scenario file. The YAML loader (load.ts) turns a file into
 * this shape or into located errors; the caller only ever sees this shape. Every duration is in ms.
 */

import type { LineConditions } from '../audio/line/line-conditions.ts';
import type { Threshold } from '../thresholds/parse.ts';
import type { CallerHearing, CallerPolicyName, ConverseUntil, Persona } from './goal-types.ts';

/** Where a value came from in its file, for error messages and reports. */
export interface SourceLocation {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
}

/** How the synthetic caller's voice sounds (flite voices; see src/speech). */
export interface VoiceSettings {
  voice: string; // flite voice name: slt | rms | awb | kal | kal16
  rate: number; // speaking rate multiplier: 1.0 normal, 0.8 slower, 1.25 faster
  pitchHz?: number; // target mean F0; omitted = the voice's own
}

export interface CallerSettings extends VoiceSettings {
  /** Level of the line noise sent whenever the caller is not speaking (and mixed under speech). null = digital silence. */
  lineNoiseDbfs: number | null;
  /** A goal-driven caller (src/caller/converse): what it wants and knows, for `converse` turns. */
  goal?: CallerGoal;
  /** Line conditions (noise, loss, jitter, echo, level: src/audio/line/); absent = a clean line. */
  line?: LineConditions;
}

/** How a caller says a line (`style:`): fillers, a restart, a pause mid-number (src/caller/speech-style.ts). */
export interface SpeechStyle {
  fillers: number;
  restart: boolean;
  numberPauseMs: number;
}

/** Datasets of recorded speech a scenario can splice from (`recorded:`). */
export const RECORDED_DATASETS = ['fsdd'] as const;
export type RecordedDataset = (typeof RECORDED_DATASETS)[number];

/**
 * Digits read out by a real person: one recording per digit from a dataset (FSDD: the Free Spoken
 * Digit Dataset), trimmed and joined with `gapMs` of silence. Where the dataset lives is decided when
 * the scenario is loaded and prepared (CALLBENCH_FSDD_DIR, see src/speech/fsdd.ts), not stored here.
 */
export interface RecordedDigits {
  kind: 'recorded_digits';
  dataset: RecordedDataset;
  digits: string; // 0-9 only
  /** A dataset speaker; omitted = the first speaker (by name) with a recording of every digit. */
  speaker?: string;
  gapMs: number;
}

/** What a caller turn says: synthesized text, a recorded file, or recorded digits spliced together. */
export type Utterance = (
  | {
      kind: 'text';
      text: string;
      voice: VoiceSettings;
      /** How it is said: fillers, a restart, a pause mid-number (src/caller/speech-style.ts). */ style?: SpeechStyle;
    }
  | { kind: 'audio'; path: string /* absolute */ }
  | RecordedDigits
) & {
  /** This utterance's own background noise and level (`line:` in the turn), over the scenario's. */
  line?: TurnLine;
};

/** The parts of the line conditions that can change from one utterance to the next. */
export type TurnLine = Pick<LineConditions, 'noise' | 'level'>;

/** Options that govern waiting for the agent's reply after a caller turn (and in `listen`). */
export const ENTITY_TYPES = ['code', 'phone', 'number', 'amount', 'date', 'name'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** A value the caller conveys in a turn (`entities:`), scored against what the agent captured. */
export interface EntityExpectation {
  name: string;
  type: EntityType;
  /** As written in the scenario; normalized for comparison by type. */
  value: string;
  at: SourceLocation;
}

export interface ReplyWait {
  /** Give up waiting for the agent to START replying after this long. */
  timeoutMs: number;
  /** The agent's reply is over after this much heard silence following its speech. */
  endSilenceMs: number;
  /** Whether the caller waits for a reply at all after this turn. */
  expectReply: boolean;
}

/**
 * What the agent should do, checked after the call: per turn (`expect:` beside a turn, about the
 * agent's response to it: from the turn's start until the next turn starts) or per scenario
 * (`success:`, about the whole call; all of them holding = the call completed its task).
 */
export type Expectation =
  /** The agent says one of these phrases (case and punctuation ignored). */
  | { kind: 'says'; phrases: string[]; at: SourceLocation }
  /** The agent says something matching this regular expression (case-insensitive). */
  | { kind: 'says_regex'; pattern: string; at: SourceLocation }
  /** The agent reads back a declared entity (its value, in any spoken form). */
  | { kind: 'reads_back'; entity: EntityExpectation; at: SourceLocation }
  /** The agent starts replying within this many ms of the caller finishing the turn. */
  | { kind: 'within_ms'; ms: number; at: SourceLocation }
  /** The agent calls this tool, with at least these arguments (compared loosely: case, spaces, punctuation). */
  | { kind: 'tool_called'; name: string; args: Record<string, string>; at: SourceLocation }
  /** Interrupt turns: the agent's audio stops within this many ms of the caller talking over it. */
  | { kind: 'stops_within_ms'; ms: number; at: SourceLocation }
  /** The agent speaks again on its own (a re-prompt), optionally within this many ms of the turn starting. */
  | { kind: 'reprompts'; withinMs: number | null; at: SourceLocation }
  /** The agent ends the call: hangs up, transfers to a human, or either. */
  | { kind: 'ends_call'; how: 'hangup' | 'transfer' | 'any'; at: SourceLocation }
  /** Whether the call was handed to a human (success criteria: `transferred: false`). */
  | { kind: 'transferred'; expected: boolean; at: SourceLocation }
  /** A criterion in words, for an LLM judge over the call's transcript (skipped without one). */
  | { kind: 'judge'; criterion: string; at: SourceLocation };

export type ExpectationKind = Expectation['kind'];

export type Turn = (
  | { kind: 'listen'; wait: ReplyWait; at: SourceLocation }
  | {
      kind: 'say';
      utterance: Utterance;
      wait: ReplyWait;
      at: SourceLocation;
      entities?: EntityExpectation[];
    }
  | {
      kind: 'dtmf';
      digits: string;
      gapMs: number;
      wait: ReplyWait;
      at: SourceLocation;
      entities?: EntityExpectation[];
    }
  | { kind: 'silence'; durationMs: number; at: SourceLocation }
  | {
      kind: 'interrupt';
      /** Start talking this long after the agent's next reply becomes audible. */
      afterMs: number;
      utterance: Utterance;
      /** Give up waiting for the agent to start talking (and skip the interruption) after this long. */
      timeoutMs: number;
      wait: ReplyWait;
      at: SourceLocation;
    }
  | { kind: 'hangup'; at: SourceLocation }
  /** The goal-driven caller takes over (caller.goal): hears, decides, speaks, until `until`. Its facts are its entities. */
  | { kind: 'converse'; until: ConverseUntil; at: SourceLocation; entities: EntityExpectation[] }
) & { expect?: Expectation[] };

export interface Scenario {
  name: string;
  description?: string;
  file: string; // absolute path
  caller: CallerSettings;
  /** Sent as `start.customParameters` (Twilio <Parameter>s); on a webhook-first call, to the webhook. */
  parameters: Record<string, string>;
  /** `call:` — how the call is placed: webhook first, from and to whom (issue #13). */
  call?: ScenarioCallSetup;
  /** Hard cap on the whole call; the call is ended with a `call_timeout` failure past it. */
  maxDurationMs: number;
  turns: Turn[];
  /** Success criteria: the call completed its task when all hold. */
  success?: Expectation[];
  /** k6-style thresholds on this scenario's calls (`thresholds:` in the file). */
  thresholds?: Threshold[];
}

export interface ScenarioCallSetup {
  /** The agent's voice webhook (http[s]://…): the call starts by POSTing it, as Twilio does. */
  webhook?: string;
  from?: string;
  to?: string;
  /** More form parameters for the webhook. */
  params: Record<string, string>;
  /** The call's status callback: POSTed `completed` (with CallDuration) when the call ends. */
  statusCallback?: string;
}

export const DEFAULT_REPLY_WAIT: ReplyWait = {
  timeoutMs: 10_000,
  endSilenceMs: 1_000,
  expectReply: true,
};
export const DEFAULT_CALLER: CallerSettings = { voice: 'slt', rate: 1.0, lineNoiseDbfs: -60 };
export const DEFAULT_MAX_DURATION_MS = 300_000;
export const DEFAULT_DTMF_GAP_MS = 250;
/** Between spoken digits: about the pause people leave reading a number digit by digit. */
export const DEFAULT_RECORDED_DIGIT_GAP_MS = 150;

/** A goal-driven caller (src/caller/converse): see goal-types.ts for the persona and defaults. */
export interface CallerGoal {
  /** In words, for reports and the LLM policy: "find out when order AB3792 will arrive". */
  goal: string;
  /** What the caller says when asked how it can be helped; default: the goal without its fact values. */
  opening: string | null;
  /** What the caller knows and gives when asked; declared like `entities:` so they are scored the same way. */
  facts: EntityExpectation[];
  persona: Persona;
  policy: CallerPolicyName;
  /** Caller lines at most before the caller gives up (the call then fails). */
  maxTurns: number;
  /** The agent's turn is over after this much quiet with nothing left to play (sooner when it asked a question). */
  replyGapMs: number;
  /** An extra rules table (absolute path), tried before the shipped one. */
  rulesFile: string | null;
  /** Where the agent's words come from: its side channel when it reports them, else a transcript (auto); or only one. */
  hearing: CallerHearing;
}
