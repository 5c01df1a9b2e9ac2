import { describe, expect, it } from 'vitest';
import { parseTwiml, TwimlError } from './twiml.ts';

describe('parseTwiml', () => {
  it('reads <Connect><Stream> with its <Parameter>s, and the verbs around it in order', () => {
    const verbs = parseTwiml(`<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say voice="alice">Connecting you &amp; your order</Say>
  <Pause length="2"/>
  <Connect><Stream url="wss://agent.example.com/media" statusCallback="https://agent.example.com/status"><Parameter name="tenant" value="acme"/><Parameter name="lang" value="en"/></Stream></Connect>
  <Hangup/>
</Response>`);
    expect(verbs).toEqual([
      { kind: 'say', text: 'Connecting you & your order' },
      { kind: 'pause', lengthS: 2 },
      { kind: 'stream', mode: 'connect', url: 'wss://agent.example.com/media', name: null, statusCallback: 'https://agent.example.com/status', parameters: { tenant: 'acme', lang: 'en' } },
      { kind: 'hangup' },
    ]);
  });

  it('reads <Start><Stream>, <Redirect> and keeps unknown verbs by name', () => {
    expect(parseTwiml('<Response><Start><Stream url="wss://x/s" name="rec"/></Start><Gather/><Redirect method="get">https://x/next</Redirect></Response>')).toEqual([
      { kind: 'stream', mode: 'start', url: 'wss://x/s', name: 'rec', statusCallback: null, parameters: {} },
      { kind: 'other', name: 'Gather' },
      { kind: 'redirect', url: 'https://x/next', method: 'GET' },
    ]);
  });

  it.each([
    ['a tag left open', '<Response><Connect><Stream url="wss://x/m"></Connect></Response>', /not well-formed XML: 1:\d+: unexpected close tag/],
    ['not XML at all', '{"twiml": "nope"}', /not well-formed XML/],
    ['an unescaped ampersand', '<Response><Say>A & B</Say></Response>', /not well-formed XML/],
    ['another root', '<Respond><Hangup/></Respond>', /the root element is <Respond>, TwiML needs <Response>/],
    ['an empty body', '', /not well-formed XML|empty document/],
    ['a stream without url', '<Response><Connect><Stream/></Connect></Response>', /<Connect><Stream> has no url attribute/],
  ])('%s is error 12100 with where and what', (_what, xml, message) => {
    let caught: unknown;
    try {
      parseTwiml(xml);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TwimlError);
    expect((caught as TwimlError).twilioCode).toBe(12100);
    expect((caught as TwimlError).message).toMatch(message);
  });
});
