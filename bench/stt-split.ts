/**
 * The split of ../shared/data into a part the recognizer may be tuned and adapted on (train) and
 * a part that is only ever measured (held-out).
 *
 * Held-out is by speaker, so it measures voices the tuning never heard: every 4th AN4 speaker (in
 * sorted order of the speaker ids: 18 of 74) and the FSDD speaker "theo". Everything else is
 * train. Never tune decoder parameters, grammar weights or thresholds on held-out numbers, and
 * never adapt the acoustic model on held-out audio (scripts/adapt-model reads `trainIds`).
 */
export type Part = 'train' | 'heldout';

export const FSDD_HELDOUT_SPEAKERS: readonly string[] = ['theo'];

/** "an251-fash-b" → "fash"; "cen7-fash-b" → "fash". */
export function an4Speaker(id: string): string {
  const parts = id.split('-');
  if (parts.length < 3) throw new Error(`not an AN4 utterance id: ${JSON.stringify(id)}`);
  return parts[1];
}

/** "3_theo_7" → "theo". */
export function fsddSpeaker(id: string): string {
  const parts = id.split('_');
  if (parts.length !== 3) throw new Error(`not an FSDD file name: ${JSON.stringify(id)}`);
  return parts[1];
}

/** Which part each AN4 utterance belongs to, given every utterance id of the corpus. */
export function an4Parts(ids: readonly string[]): (id: string) => Part {
  const speakers = [...new Set(ids.map(an4Speaker))].sort();
  const heldout = new Set(speakers.filter((_, i) => i % 4 === 3));
  return (id) => (heldout.has(an4Speaker(id)) ? 'heldout' : 'train');
}

/**
 * A validation subset of the train part (every 4th AN4 train speaker, FSDD "nicolas"), for
 * decisions that need voices the adaptation did not hear (is MAP adaptation worth it, which
 * tau): adapt without it (`prepare.ts --without-validation`), compare on it.
 */
export function an4IsValidation(ids: readonly string[]): (id: string) => boolean {
  const partOf = an4Parts(ids);
  const trainSpeakers = [
    ...new Set(ids.filter((id) => partOf(id) === 'train').map(an4Speaker)),
  ].sort();
  const validation = new Set(trainSpeakers.filter((_, i) => i % 4 === 1));
  return (id) => validation.has(an4Speaker(id));
}

export const FSDD_VALIDATION_SPEAKERS: readonly string[] = ['nicolas'];

export function fsddPart(id: string): Part {
  return FSDD_HELDOUT_SPEAKERS.includes(fsddSpeaker(id)) ? 'heldout' : 'train';
}

/** The categories the goals name, from the bench's finer ones. */
export const CATEGORY_GROUPS: Readonly<Record<string, readonly string[]>> = {
  digits: ['digits', 'digits+cmd'],
  zip: ['zip'],
  phone: ['phone'],
  dates: ['date'],
  codes: ['code', 'code+cmd'],
  'spelled names': ['spelled', 'spelled+cmd'],
  'yes/no': ['yes_no', 'yes_no-reject'],
  'fsdd digits': ['fsdd-digit'],
};
