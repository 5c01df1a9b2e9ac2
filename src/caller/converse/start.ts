/**
 * Wiring a call's `converse` turn: the policy the scenario names, the caller's voice for lines
 * decided mid-call, and how the agent's words are heard. Kept out of call.ts so the call only
 * hands over what it has (its host interface, agent URL, call SID).
 */
import type { StartConversation } from '../turn-script.ts';
import type { CallEvent } from '../../metrics/events.ts';
import type { Scenario } from '../../scenario/types.ts';
import { Conversation, type ConversationHost } from './conversation.ts';
import { sideChannelText } from './hearing.ts';
import { chooseHearing } from './hearing-mode.ts';
import { hearingPhrases, HeardAudioTap, transcriptText } from './heard-transcript.ts';
import type { AudioTranscriber } from '../../transcribe/audio-transcriber.ts';
import { LineVoice, type ConverseServices } from './line-voice.ts';
import type { CallerPolicy } from './policy.ts';
import type { RulesTable } from './rules-table.ts';
import { RulesPolicy } from './rules-policy.ts';
import type { CallerGoal } from '../../scenario/types.ts';

/** What preparing a goal-driven scenario adds to it (prepare.ts). */
export interface PreparedConverse {
  table: RulesTable;
  /** Where lines synthesized during calls are cached (the scenario's TTS cache). */
  ttsCacheDir: string;
}

/** Makes a policy other than the rules one (the LLM policy), per call. */
export type PolicyFactory = (goal: CallerGoal, scenario: Scenario, callId: string) => CallerPolicy;

export interface CallConverseOptions extends ConverseServices {
  /** For `policy: llm` scenarios; without it they cannot run (reported on the call). */
  llmPolicy?: PolicyFactory;
  /** Transcribes the agent's audio when the caller hears it without a side channel (caller.hearing); without it only the side channel is heard. */
  transcriber?: AudioTranscriber;
}

export interface ConversationContext {
  scenario: Scenario;
  prepared: PreparedConverse | undefined;
  options: CallConverseOptions | undefined;
  host: ConversationHost;
  agentUrl: string;
  callSid: string;
  callId: string;
  /** End of the caller's last speech so far (ms on the call's clock), 0 before any. */
  lastCallerVoiceEndMs: () => number;
  /** The call's events so far, and the audio the caller heard (null when the scenario cannot need a transcript). */
  events: () => readonly CallEvent[];
  heardAudio: HeardAudioTap | null;
}

/** A tap for the audio the caller hears, when a goal-driven caller may need to transcribe it. */
export function heardAudioTap(scenario: Scenario): HeardAudioTap | null {
  const hearing = scenario.caller.goal?.hearing;
  return hearing === 'auto' || hearing === 'transcript' ? new HeardAudioTap() : null;
}

/** The call's conversation starter, or null for a scripted scenario. */
export function conversationStarter(ctx: ConversationContext): StartConversation | null {
  const goal = ctx.scenario.caller.goal;
  if (goal === undefined) return null;
  // Made with the call, so the recognizer warms up while the agent greets.
  const transcriber = ctx.options?.transcriber;
  const transcript =
    transcriber === undefined || ctx.heardAudio === null || ctx.prepared === undefined
      ? null
      : transcriptText({
          tap: ctx.heardAudio,
          events: ctx.events,
          transcriber,
          phrases: hearingPhrases(ctx.prepared.table, goal),
          warmUp: goal.hearing === 'transcript',
        });
  return (turn, startSample) => {
    const problem = (message: string): null => {
      ctx.host.log({ type: 'call_error', tMs: startSample / 8, message });
      return null;
    };
    const services = ctx.options;
    if (services === undefined || ctx.prepared === undefined)
      return problem('internal: this call has no voice for a goal-driven caller (converse turn)');
    const converseTurn = ctx.scenario.turns[turn];
    const until = converseTurn?.kind === 'converse' ? converseTurn.until : 'goal_or_hangup';
    let policy: CallerPolicy;
    if (goal.policy === 'llm') {
      if (services.llmPolicy === undefined)
        return problem(
          'policy: llm needs an LLM for the caller (CALLBENCH_CALLER_MODEL and a key), and none was configured',
        );
      policy = services.llmPolicy(goal, ctx.scenario, ctx.callId);
    } else {
      policy = new RulesPolicy(goal, ctx.prepared.table, ctx.scenario.name);
    }
    if (goal.hearing === 'transcript' && transcript === null)
      return problem('caller.hearing: transcript needs a transcriber, and this run has none');
    const caller = ctx.scenario.caller;
    const voice = new LineVoice(
      services,
      {
        voice: caller.voice,
        rate: caller.rate * goal.persona.pace,
        ...(caller.pitchHz === undefined ? {} : { pitchHz: caller.pitchHz }),
      },
      caller.lineNoiseDbfs,
    );
    return new Conversation(ctx.host, {
      goal,
      until,
      firstTurn: turn,
      startSample,
      answeredUpToMs: ctx.lastCallerVoiceEndMs(),
      policy,
      voice,
      hear: chooseHearing(goal.hearing, {
        sideChannel: sideChannelText(ctx.agentUrl, ctx.callSid),
        transcript,
      }),
    });
  };
}

/** Why a finished conversation fails its call, or null: the caller ran out of turns, its policy failed, or it could not start. */
export function conversationFailure(events: readonly CallEvent[]): string | null {
  for (const e of events) {
    if (e.type === 'converse_ended' && e.reason === 'max_turns')
      return `the goal-driven caller said ${e.lines} lines (max_turns) without reaching its goal`;
    if (e.type === 'caller_line' && e.error !== undefined)
      return `the caller's ${e.policy} policy failed: ${e.error}`;
    if (
      e.type === 'call_error' &&
      /goal-driven caller|policy: llm|caller policy failed|synthesize the caller's line|needs a transcriber/.test(
        e.message,
      )
    )
      return e.message;
  }
  return null;
}
