/**
 * Worker thread: transcribes heard agent speech with the embedded recognizer and a spotting
 * grammar, off the thread that paces calls (recognition is ~1–3 ms of CPU per 20 ms of audio).
 */
import { parentPort } from 'node:worker_threads';
import { mulawDecode } from '../audio/mulaw.ts';
import { SpeechGate } from '../audio/speech-gate.ts';
import { SphinxRecognizer } from '../speech/recognizer/engine.ts';
import { spottingGrammar } from '../speech/recognizer/grammars.ts';
import type { TranscribeReply, TranscribeRequest } from './transcriber-protocol.ts';

const port = parentPort;
if (!port) throw new Error('transcriber-worker must run in a worker thread');
const recognizer = SphinxRecognizer.create();
const FRAME = 160;
// A grammar recognizer finds its likeliest words in any sound: tones, DTMF and noise get none.
const gate = new SpeechGate();

port.on('message', (request: TranscribeRequest) => {
  void transcribe(request).then((reply) => port.postMessage(reply));
});

async function transcribe(request: TranscribeRequest): Promise<TranscribeReply> {
  try {
    const r = await recognizer;
    const grammar = spottingGrammar(request.phrases, { canPronounce: (w) => r.knowsWord(w) });
    const session = await r.createSession(grammar);
    try {
      const texts = request.segments.map((segment) => {
        const pcm = mulawDecode(segment.mulaw);
        if (!gate.check(pcm).speech) return '';
        for (let i = 0; i < pcm.length; i += FRAME)
          session.process(pcm.subarray(i, Math.min(pcm.length, i + FRAME)));
        return session.finish().text;
      });
      return { id: request.id, ok: true, texts };
    } finally {
      session.close();
    }
  } catch (error) {
    return {
      id: request.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
