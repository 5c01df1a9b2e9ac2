/**
 * The `paraphrase` fault (agent/faults.ts): the agent asks for the same things in other words,
 * as an LLM-driven agent does from one run to the next. A scripted caller that waits for exact
 * phrasings has nothing to key on; a goal-driven caller must still understand.
 */
import * as say from './prompts.ts';

/** Whole sentences the reference agent says → how another agent would put them. */
const SENTENCES: ReadonlyMap<string, string> = new Map([
  [say.ASK.order_id, 'Could I get the number on your order?'],
  [say.ASK.member_id, 'Can you read me the ID number on your member card?'],
  [say.ASK.dob, 'Can you confirm your date of birth for me?'],
  [say.ASK.zip, 'And the ZIP code on the account?'],
  [say.ASK.phone, "What's a good number to reach you at?"],
  [say.ASK.lookup_phone, 'Which phone number is the booking under?'],
  [say.ASK.name, 'Who am I speaking with today?'],
  [say.ASK.date, 'Which day works best for you?'],
  [say.HOW_CAN_I_HELP, 'What can I do for you today?'],
  [say.ANYTHING_ELSE, 'Can I help you with anything else today?'],
  [say.BENEFITS_INTRO, 'Sure, I just need to confirm who you are first.'],
]);

/** The reply's sentences, each said another way where there is one ("I heard X. Is that right?" → "Just to confirm, X, correct?"). */
export function paraphrase(text: string): string {
  const exact = SENTENCES.get(text);
  if (exact !== undefined) return exact;
  const readback = /^I heard (.*)\. Is that right\?$/.exec(text);
  if (readback) return `Just to confirm, that's ${readback[1]}, correct?`;
  return text.replace(/Which time works best\?$/, 'What time would suit you?');
}
