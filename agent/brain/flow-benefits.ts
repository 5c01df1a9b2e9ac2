/**
 * Benefits: verify the member (member ID, date of birth, ZIP, each read back), then read the
 * plan, copays and deductible. A failed verification starts over without saying which detail
 * was wrong; the third one goes to a human.
 */
import { formatAmountForSpeech } from '../../src/speech/spoken-forms.ts';
import type { Dialog, Flow } from './dialog.ts';
import { ENTITIES } from './entities.ts';
import * as say from './prompts.ts';
import { asRecord, field, isOk, numberField, type ResultRecord } from './tool-result.ts';

function dollars(n: number | undefined): string {
  return n === undefined
    ? 'unknown'
    : formatAmountForSpeech(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** What the caller hears about their plan, from get_benefits' result. */
export function benefitsSentences(benefits: ResultRecord): string[] {
  const plan = field(benefits, 'plan') ?? 'your';
  if (benefits.active !== true)
    return [
      `Your ${plan} plan is not active right now.`,
      'A representative can help with your coverage.',
    ];
  const copays = asRecord(benefits.copays_usd);
  return [
    `You're on the ${plan} plan.`,
    `A primary care visit is a ${dollars(numberField(copays, 'primary_care'))} copay, a specialist is ${dollars(numberField(copays, 'specialist'))}, and urgent care is ${dollars(numberField(copays, 'urgent_care'))}.`,
    `You've met ${dollars(numberField(benefits, 'deductible_met_usd'))} of your ${dollars(numberField(benefits, 'deductible_usd'))} deductible.`,
  ];
}

async function readBenefits(d: Dialog, memberId: string): Promise<void> {
  const benefits = await d.tool('get_benefits', { member_id: memberId });
  if (isOk(benefits)) for (const sentence of benefitsSentences(benefits)) d.say(sentence);
  else d.say("I'm sorry, I can't read your benefits right now.");
  d.finishTask();
}

export const benefitsFlow: Flow = {
  async start(d, utterance) {
    if (d.verifiedMember !== null) return readBenefits(d, d.verifiedMember);
    d.say(say.BENEFITS_INTRO);
    const parsed = utterance
      ? ENTITIES.member_id.parse(utterance, d.entityContext)
      : { ok: false as const };
    if (parsed.ok) return d.askConfirm('member_id', parsed.value);
    await benefitsFlow.next(d);
  },

  async next(d) {
    const { member_id: memberId, dob, zip } = d.values;
    for (const entity of d.inOrder(['member_id', 'dob', 'zip'] as const))
      if (d.values[entity] === undefined) return d.askFor(entity);
    if (memberId === undefined || dob === undefined || zip === undefined) return;
    const result = await d.tool('verify_member', { member_id: memberId, date_of_birth: dob, zip });
    if (result.verified !== true) {
      d.values = {};
      if (await d.fail('verification', 'could not verify the member')) return;
      return d.askFor('member_id', { problem: say.VERIFICATION_FAILED });
    }
    d.verifiedMember = memberId;
    d.say(say.verified(field(result, 'first_name')));
    await readBenefits(d, memberId);
  },
};
