/**
 * Which evidence of the agent's words the goal-driven caller answers (`caller.hearing`):
 * - auto (default): the agent's side channel when it reports what it said, else a transcript of
 *   its audio as heard (so goal callers work against black-box agents too);
 * - side_channel: only the side channel (an agent that does not report is not understood);
 * - transcript: only the audio, even when the agent reports (tests what a black-box caller hears).
 */
import type { CallerHearing } from '../../scenario/goal-types.ts';
import type { AgentSaid, AgentTextSource } from './hearing.ts';

export interface HearingSources {
  sideChannel: AgentTextSource;
  /** null when the run has no transcriber (then only the side channel can be heard). */
  transcript: AgentTextSource | null;
}

const NOTHING: AgentSaid = { said: [], source: 'none' };

export function chooseHearing(mode: CallerHearing, sources: HearingSources): AgentTextSource {
  const { sideChannel, transcript } = sources;
  if (mode === 'side_channel' || transcript === null)
    return mode === 'transcript' ? async () => NOTHING : sideChannel;
  if (mode === 'transcript') return transcript;
  // auto: ask the side channel first; once it has answered with nothing reported, the agent does
  // not report (or does not for this call), and every later turn goes straight to the transcript.
  let reports: boolean | null = null;
  return async (signal) => {
    if (reports === false) return transcript(signal);
    const said = await sideChannel(signal);
    if (said.source === 'side_channel') {
      reports = true;
      return said;
    }
    if (reports === null) reports = false;
    return reports ? said : transcript(signal);
  };
}
