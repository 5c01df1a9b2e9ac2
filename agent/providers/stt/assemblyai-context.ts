/**
 * What the dialog expects (SttContext) translated into AssemblyAI settings: key terms that bias
 * recognition toward menu options and known names, and a longer allowed pause while a caller
 * reads out digits or spells a code (people pause between groups; a short limit splits the
 * number across two turns).
 */
import type { SttContext } from '../types.ts';

export interface AssemblyAiTurnSettings {
  keyterms: string[];
  maxTurnSilenceMs: number | undefined;
}

/** The service's limits on key terms: at most 100, each at most 50 characters and 6 words. */
const MAX_KEYTERMS = 100;
const MAX_KEYTERM_CHARS = 50;
const MAX_KEYTERM_WORDS = 6;
/** Expectations where callers pause mid-answer. */
const PATIENT = new Set<SttContext['expectation']>(['phone', 'code', 'zip', 'date', 'time']);
const PATIENT_MAX_TURN_SILENCE_MS = 2400;

export function keytermsFor(context: SttContext): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const raw of context.choices ?? []) {
    const term = raw.trim().replace(/\s+/g, ' ');
    if (!term || term.length > MAX_KEYTERM_CHARS || term.split(' ').length > MAX_KEYTERM_WORDS)
      continue;
    const key = term.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
    if (terms.length === MAX_KEYTERMS) break;
  }
  return terms;
}

export function turnSettingsFor(
  context: SttContext,
  defaultMaxTurnSilenceMs: number | undefined,
): AssemblyAiTurnSettings {
  return {
    keyterms: keytermsFor(context),
    maxTurnSilenceMs: PATIENT.has(context.expectation)
      ? Math.max(PATIENT_MAX_TURN_SILENCE_MS, defaultMaxTurnSilenceMs ?? 0)
      : defaultMaxTurnSilenceMs,
  };
}

/**
 * The `UpdateConfiguration` message that moves the session from `current` to `next`, or
 * undefined when nothing changed. A default silence the service chose itself (undefined) cannot
 * be restored by omission, so it is restored as the documented default.
 */
export function updateConfigurationMessage(
  current: AssemblyAiTurnSettings,
  next: AssemblyAiTurnSettings,
): Record<string, unknown> | undefined {
  const message: Record<string, unknown> = { type: 'UpdateConfiguration' };
  if (current.keyterms.join('\n') !== next.keyterms.join('\n'))
    message.keyterms_prompt = next.keyterms;
  if (current.maxTurnSilenceMs !== next.maxTurnSilenceMs)
    message.max_turn_silence = next.maxTurnSilenceMs ?? SERVICE_DEFAULT_MAX_TURN_SILENCE_MS;
  return Object.keys(message).length > 1 ? message : undefined;
}

/** AssemblyAI's documented default for max_turn_silence. */
export const SERVICE_DEFAULT_MAX_TURN_SILENCE_MS = 1280;
