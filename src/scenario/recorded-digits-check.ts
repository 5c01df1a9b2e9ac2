/**
 * The loader's check of recorded digits against the dataset on disk: the speaker exists and
 * recorded every digit asked for. Only possible when the dataset is installed; when it is not,
 * nothing is reported here and preparation skips the scenario instead (a fresh clone must load).
 */
import { defaultSpeaker, missingDigits, type FsddIndex } from '../speech/fsdd.ts';
import { formatFieldPath } from './field-path.ts';
import { ScenarioError } from './errors.ts';
import { nearest } from './suggest.ts';
import type { RecordedDigitsReference } from './utterance.ts';

function quoteList(items: readonly string[]): string {
  return items.map((item) => `'${item}'`).join(', ');
}

export function recordedDigitsProblems(
  reference: RecordedDigitsReference,
  index: FsddIndex,
): ScenarioError[] {
  const digitsError = (detail: string): ScenarioError =>
    new ScenarioError({
      ...reference.at,
      field: formatFieldPath(reference.field),
      code: 'file_not_found',
      detail,
    });
  if (index.speakers.length === 0) {
    return [
      digitsError(
        `no FSDD recordings (<digit>_<speaker>_<take>.wav) in ${index.dir} — is CALLBENCH_FSDD_DIR the right directory?`,
      ),
    ];
  }
  const speaker = reference.speaker;
  if (speaker === undefined) {
    if (defaultSpeaker(index, reference.digits) !== undefined) return [];
    return [
      digitsError(
        `no FSDD speaker in ${index.dir} recorded every digit of ${JSON.stringify(reference.digits)}`,
      ),
    ];
  }
  if (!index.speakers.includes(speaker.name)) {
    const guess = nearest(speaker.name, index.speakers);
    const hint = guess === undefined ? '' : ` — did you mean '${guess}'?`;
    return [
      new ScenarioError({
        ...speaker.at,
        field: formatFieldPath(speaker.field),
        code: 'unknown_speaker',
        detail: `speaker must be one of ${quoteList(index.speakers)} (the speakers in ${index.dir}), got ${JSON.stringify(speaker.name)}${hint}`,
        ...(guess === undefined ? {} : { suggestion: guess }),
      }),
    ];
  }
  const missing = missingDigits(index, speaker.name, reference.digits);
  if (missing.length === 0) return [];
  const which =
    missing.length === 1 ? `the digit ${missing[0]}` : `the digits ${missing.join(', ')}`;
  return [
    digitsError(
      `FSDD has no recording of ${which} by ${speaker.name} in ${index.dir} — pick another speaker or leave speaker out`,
    ),
  ];
}
