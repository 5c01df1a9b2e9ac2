/**
 * One call, start to verdict, the same for `run` and `load`: dial (the caller plays Twilio to the
 * agent), read the agent's side channel once, score (metrics, entities, expectations) → ScoredCall.
 * What differs between the two is only what they pass in: run may record the call's audio and
 * transcribe it; load judges speech from the side channel alone, so as not to load the generator.
 */
import type { VadFactory } from '../audio/vad.ts';
import type { CallOptions, PreparedScenario } from '../caller/call.ts';
import { placeCall, type WebhookDefaults } from '../caller/call-setup.ts';
import type { FrameScheduler } from '../caller/scheduler.ts';
import { fetchSideChannel, parseSideChannel } from '../entities/side-channel.ts';
import { scoreCall, type ScoringContext } from '../scoring/score-call.ts';
import type { ScoredCall } from '../results/scored-call.ts';

export interface PipelineCall {
  plan: PreparedScenario;
  callId: string;
  agentUrl: string;
  /** Paces this call's frames with every other call on the thread. */
  scheduler: FrameScheduler;
  /** A fresh VAD is made for the call and disposed after it. */
  vadFactory: VadFactory;
  signal?: AbortSignal;
  onFrames?: CallOptions['onFrames'];
  /** Goal-driven scenarios: how the caller speaks lines it decides during the call. */
  converse?: CallOptions['converse'];
  /** Built once the call is over: it may read what the call recorded (the heard audio). */
  scoring: () => ScoringContext;
  /** Webhook-first calls (issue #13): the run's webhook settings; a scenario's `call.webhook` applies without them. */
  webhook?: WebhookDefaults;
}

/** Runs one call and scores it; like runCall it never throws for what the agent does. */
export async function dialAndScore(call: PipelineCall): Promise<ScoredCall> {
  const vad = call.vadFactory.create();
  try {
    const result = await placeCall(
      call.plan,
      {
        url: call.agentUrl,
        scheduler: call.scheduler,
        vad,
        callId: call.callId,
        signal: call.signal,
        ...(call.onFrames ? { onFrames: call.onFrames } : {}),
        ...(call.converse ? { converse: call.converse } : {}),
      },
      call.webhook,
    );
    // The side channel is served beside the stream the call reached, not at the webhook's origin:
    // a webhook on another host (or behind a proxy) names the agent's stream in its TwiML.
    const side = parseSideChannel(
      await fetchSideChannel(result.mediaUrl ?? call.agentUrl, result.callSid),
    );
    const scored = await scoreCall(call.plan, result, side.report, call.scoring());
    return side.stages ? { ...scored, agentStages: side.stages } : scored;
  } finally {
    vad.dispose();
  }
}
