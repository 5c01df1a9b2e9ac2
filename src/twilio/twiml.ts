/**
 * Reads the TwiML a voice webhook answers with, as Twilio does: a well-formed XML document whose
 * root is <Response>, verbs in order. Parsed with saxes (strict XML 1.0 well-formedness, the
 * parser jsdom uses), so a TwiML typo is found exactly where Twilio would reject it (error 12100,
 * "Document parse failure"), with its line and column.
 * Only the verbs that matter before and at a media stream are read in detail; others are kept
 * by name so the call setup can say what it did not follow.
 */
import { SaxesParser } from 'saxes';

export type TwimlVerb =
  | {
      kind: 'stream';
      mode: 'connect' | 'start';
      url: string;
      name: string | null;
      statusCallback: string | null;
      statusCallbackMethod: 'GET' | 'POST';
      parameters: Record<string, string>;
    }
  /** `loop`: how many times (Twilio's default 1; 0 = until the call ends, at most 1000 times). */
  | { kind: 'say'; text: string; voice: string | null; language: string | null; loop: number }
  | { kind: 'play'; url: string; loop: number }
  | { kind: 'pause'; lengthS: number }
  | { kind: 'hangup' }
  | { kind: 'redirect'; url: string; method: string }
  | { kind: 'other'; name: string };

/** Twilio 12100: the document is not well-formed XML, or not TwiML (no <Response> root). */
export class TwimlError extends Error {
  readonly twilioCode = 12100;
  override readonly name = 'TwimlError';
}

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

function parseXml(xml: string): Element {
  const parser = new SaxesParser({ position: true });
  const stack: Element[] = [];
  let root: Element | null = null;
  parser.on('opentag', (tag) => {
    const el: Element = {
      name: tag.name,
      attributes: { ...(tag.attributes as Record<string, string>) },
      children: [],
      text: '',
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('cdata', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', () => void stack.pop());
  try {
    parser.write(xml).close();
  } catch (err) {
    // saxes' messages begin with "line:column: …".
    throw new TwimlError(
      `not well-formed XML: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (root === null) throw new TwimlError('empty document: no XML element');
  return root;
}

/** The verbs of a TwiML document, in order (nested <Connect>/<Start> streams flattened). */
export function parseTwiml(xml: string): TwimlVerb[] {
  const root = parseXml(xml);
  if (root.name !== 'Response')
    throw new TwimlError(`the root element is <${root.name}>, TwiML needs <Response>`);
  return root.children.flatMap(verb);
}

function verb(el: Element): TwimlVerb[] {
  switch (el.name) {
    case 'Connect':
    case 'Start': {
      const streams = el.children.filter((c) => c.name === 'Stream');
      if (streams.length === 0)
        return [
          { kind: 'other', name: `${el.name}${el.children[0] ? `><${el.children[0].name}` : ''}` },
        ];
      return streams.map((s) => stream(s, el.name === 'Connect' ? 'connect' : 'start'));
    }
    case 'Say':
      return [
        {
          kind: 'say',
          text: el.text.trim(),
          voice: el.attributes.voice ?? null,
          language: el.attributes.language ?? null,
          loop: loopOf(el),
        },
      ];
    case 'Play':
      return [{ kind: 'play', url: el.text.trim(), loop: loopOf(el) }];
    case 'Pause': {
      const length = Number(el.attributes.length ?? '1');
      if (!Number.isFinite(length) || length < 0)
        throw new TwimlError(
          `<Pause length="${el.attributes.length}">: length must be a whole number of seconds`,
        );
      return [{ kind: 'pause', lengthS: length }];
    }
    case 'Hangup':
      return [{ kind: 'hangup' }];
    case 'Redirect':
      return [
        {
          kind: 'redirect',
          url: el.text.trim(),
          method: (el.attributes.method ?? 'POST').toUpperCase(),
        },
      ];
    default:
      return [{ kind: 'other', name: el.name }];
  }
}

/** The `loop` attribute of <Say>/<Play>: a whole number ≥ 0, default 1. */
function loopOf(el: Element): number {
  const raw = el.attributes.loop;
  if (raw === undefined) return 1;
  const loop = Number(raw);
  if (!Number.isInteger(loop) || loop < 0)
    throw new TwimlError(`<${el.name} loop="${raw}">: loop must be a whole number ≥ 0`);
  return loop;
}

function callbackMethod(el: Element): 'GET' | 'POST' {
  const raw = (el.attributes.statusCallbackMethod ?? 'POST').toUpperCase();
  if (raw !== 'GET' && raw !== 'POST')
    throw new TwimlError(
      `<Stream statusCallbackMethod="${el.attributes.statusCallbackMethod}">: use GET or POST`,
    );
  return raw;
}

function stream(el: Element, mode: 'connect' | 'start'): TwimlVerb {
  const url = el.attributes.url;
  if (url === undefined || url.trim() === '')
    throw new TwimlError(
      `<${mode === 'connect' ? 'Connect' : 'Start'}><Stream> has no url attribute`,
    );
  const parameters: Record<string, string> = {};
  for (const p of el.children) {
    if (p.name !== 'Parameter') continue;
    const { name, value } = p.attributes;
    if (name === undefined) throw new TwimlError('<Parameter> has no name attribute');
    parameters[name] = value ?? '';
  }
  return {
    kind: 'stream',
    mode,
    url: url.trim(),
    name: el.attributes.name ?? null,
    statusCallback: el.attributes.statusCallback ?? null,
    statusCallbackMethod: callbackMethod(el),
    parameters,
  };
}
