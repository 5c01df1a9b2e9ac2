/**
 * The voices babble noise is made of: ordinary sentences in every flite voice at slightly
 * different rates, synthesized once and cached like any caller speech.
 */
import type { FliteTts } from '../speech/flite.ts';
import { synthesizeCached } from '../speech/tts-cache.ts';

const LINES = [
  'I told her we would meet at the station around six.',
  'Did you see the game last night? It went to overtime.',
  'Can I get a large coffee with oat milk, please?',
  'The meeting moved to Thursday because of the holiday.',
  'We should probably leave before the traffic gets bad.',
  'My brother just bought a new car, a red one.',
  'No, the other one, the one next to the window.',
  'I think it is going to rain again this afternoon.',
];
const VOICES = ['slt', 'rms', 'awb', 'kal16'];

export async function babbleTalkers(tts: FliteTts, cacheDir: string): Promise<Int16Array[]> {
  const out: Int16Array[] = [];
  for (const [i, text] of LINES.entries()) {
    out.push(
      await synthesizeCached(
        tts,
        text,
        { voice: VOICES[i % VOICES.length], rate: 0.9 + (i % 3) * 0.1 },
        cacheDir,
      ),
    );
  }
  return out;
}
