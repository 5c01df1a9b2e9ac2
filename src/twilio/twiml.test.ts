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
      { kind: 'say', text: 'Connecting you & your order', voice: 'alice', language: null, loop: 1 },
      { kind: 'pause', lengthS: 2 },
      {
        kind: 'stream',
        mode: 'connect',
        url: 'wss://agent.example.com/media',
        name: null,
        statusCallback: 'https://agent.example.com/status',
        statusCallbackMethod: 'POST',
        parameters: { tenant: 'acme', lang: 'en' },
      },
      { kind: 'hangup' },
    ]);
  });

  it('reads <Say> voice, language and loop, <Play> loop, and a GET status callback', () => {
    expect(
      parseTwiml(
        '<Response><Say voice="man" language="en-GB" loop="2">Hello</Say><Play loop="0">https://x/a.wav</Play><Connect><Stream url="wss://x/m" statusCallback="/s" statusCallbackMethod="get"/></Connect></Response>',
      ),
    ).toEqual([
      { kind: 'say', text: 'Hello', voice: 'man', language: 'en-GB', loop: 2 },
      { kind: 'play', url: 'https://x/a.wav', loop: 0 },
      {
        kind: 'stream',
        mode: 'connect',
        url: 'wss://x/m',
        name: null,
        statusCallback: '/s',
        statusCallbackMethod: 'GET',
        parameters: {},
      },
    ]);
  });

  it('reads <Start><Stream>, <Redirect> and keeps unknown verbs by name', () => {
    expect(
      parseTwiml(
        '<Response><Start><Stream url="wss://x/s" name="rec"/></Start><Gather/><Redirect method="get">https://x/next</Redirect></Response>',
      ),
    ).toEqual([
      {
        kind: 'stream',
        mode: 'start',
        url: 'wss://x/s',
        name: 'rec',
        statusCallback: null,
        statusCallbackMethod: 'POST',
        parameters: {},
      },
      { kind: 'other', name: 'Gather' },
      { kind: 'redirect', url: 'https://x/next', method: 'GET' },
    ]);
  });

  it.each([
    [
      'a tag left open',
      '<Response><Connect><Stream url="wss://x/m"></Connect></Response>',
      /not well-formed XML: 1:\d+: unexpected close tag/,
    ],
    ['not XML at all', '{"twiml": "nope"}', /not well-formed XML/],
    ['an unescaped ampersand', '<Response><Say>A & B</Say></Response>', /not well-formed XML/],
    [
      'another root',
      '<Respond><Hangup/></Respond>',
      /the root element is <Respond>, TwiML needs <Response>/,
    ],
    ['an empty body', '', /not well-formed XML|empty document/],
    [
      'a loop that is not a count',
      '<Response><Say loop="twice">Hi</Say></Response>',
      /<Say loop="twice">: loop must be a whole number ≥ 0/,
    ],
    [
      'a callback method Twilio does not know',
      '<Response><Connect><Stream url="wss://x/m" statusCallbackMethod="PUT"/></Connect></Response>',
      /statusCallbackMethod="PUT"/,
    ],
    [
      'a stream without url',
      '<Response><Connect><Stream/></Connect></Response>',
      /<Connect><Stream> has no url attribute/,
    ],
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
