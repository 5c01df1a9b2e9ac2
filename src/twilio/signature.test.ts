import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  computeTwilioSignature,
  validateTwilioSignature,
  webSocketSignatureUrl,
} from './signature.ts';

// The worked example in Twilio's "Webhooks security" guide (also used by the helper libraries'
// tests): auth token 12345, this URL and these POST parameters sign to 0/KCTR6DLpKmkAf8muzZqo1nDgQ=.
const TOKEN = '12345';
const URL_ = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+12349013030',
  Digits: '1234',
  From: '+12349013030',
  To: '+18005551212',
};
const DOCUMENTED = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

function hmacBase64(key: string, data: string): string {
  return createHmac('sha1', key).update(data, 'utf8').digest('base64');
}

describe('computeTwilioSignature', () => {
  test("Twilio's documented example", () => {
    expect(computeTwilioSignature(TOKEN, URL_, PARAMS)).toBe(DOCUMENTED);
  });

  test('parameter order does not matter: names are sorted', () => {
    const reversed = Object.fromEntries(Object.entries(PARAMS).reverse());
    expect(computeTwilioSignature(TOKEN, URL_, reversed)).toBe(DOCUMENTED);
  });

  test('is HMAC-SHA1 over url + name + value, names sorted', () => {
    const expected = hmacBase64(
      TOKEN,
      `${URL_}CallSidCA1234567890ABCDECaller+12349013030Digits1234From+12349013030To+18005551212`,
    );
    expect(expected).toBe(DOCUMENTED);
    expect(computeTwilioSignature('tok', 'wss://h/p', {})).toBe(hmacBase64('tok', 'wss://h/p'));
    expect(computeTwilioSignature('tok', 'wss://h/p')).toBe(hmacBase64('tok', 'wss://h/p'));
  });

  test('repeated parameters: each distinct value, sorted, after its name (as the helper libraries do)', () => {
    const signature = computeTwilioSignature('tok', 'https://h/p', { b: ['z', 'a', 'z'], a: '1' });
    expect(signature).toBe(hmacBase64('tok', 'https://h/pa1bab' + 'z'));
  });

  test('unicode values are signed as UTF-8', () => {
    expect(computeTwilioSignature('tok', 'https://h/p', { Body: 'héllo ✓' })).toBe(
      hmacBase64('tok', 'https://h/pBodyhéllo ✓'),
    );
  });
});

describe('validateTwilioSignature', () => {
  test('accepts the documented signature and rejects any change', () => {
    expect(validateTwilioSignature(TOKEN, DOCUMENTED, URL_, PARAMS)).toBe(true);
    expect(validateTwilioSignature(TOKEN, DOCUMENTED, URL_, { ...PARAMS, Digits: '9999' })).toBe(
      false,
    );
    expect(validateTwilioSignature(TOKEN, DOCUMENTED, URL_, { ...PARAMS, Extra: '' })).toBe(false);
    expect(
      validateTwilioSignature(
        TOKEN,
        DOCUMENTED,
        'https://mycompany.com/myapp.php?foo=1&bar=3',
        PARAMS,
      ),
    ).toBe(false);
    expect(validateTwilioSignature('54321', DOCUMENTED, URL_, PARAMS)).toBe(false);
    expect(validateTwilioSignature(TOKEN, DOCUMENTED.slice(0, -1), URL_, PARAMS)).toBe(false);
    expect(validateTwilioSignature(TOKEN, DOCUMENTED.toLowerCase(), URL_, PARAMS)).toBe(false);
    expect(validateTwilioSignature(TOKEN, '', URL_, PARAMS)).toBe(false);
    expect(validateTwilioSignature(TOKEN, undefined, URL_, PARAMS)).toBe(false);
  });

  test('the URL matches with or without its default port, like the official helpers', () => {
    expect(
      validateTwilioSignature(
        TOKEN,
        DOCUMENTED,
        'https://mycompany.com:443/myapp.php?foo=1&bar=2',
        PARAMS,
      ),
    ).toBe(true);
    const signedWithPort = computeTwilioSignature(
      TOKEN,
      'https://mycompany.com:443/myapp.php?foo=1&bar=2',
      PARAMS,
    );
    expect(validateTwilioSignature(TOKEN, signedWithPort, URL_, PARAMS)).toBe(true);
    // Only the port may differ: another host or path still fails.
    expect(
      validateTwilioSignature(
        TOKEN,
        DOCUMENTED,
        'https://mycompany.com:443/myapp.php?foo=1&bar=3',
        PARAMS,
      ),
    ).toBe(false);
    expect(
      validateTwilioSignature(
        TOKEN,
        DOCUMENTED,
        'https://mycompany.org:443/myapp.php?foo=1&bar=2',
        PARAMS,
      ),
    ).toBe(false);
  });

  test('a non-default port can be stripped, too (proxy in front of a local port)', () => {
    const signed = computeTwilioSignature('tok', 'wss://agent.example.com/media');
    expect(validateTwilioSignature('tok', signed, 'wss://agent.example.com:8443/media')).toBe(true);
    expect(validateTwilioSignature('tok', signed, 'wss://user@agent.example.com:8443/media')).toBe(
      false,
    );
  });
});

describe('webSocketSignatureUrl', () => {
  test('maps https→wss and http→ws, keeping the rest byte for byte', () => {
    expect(webSocketSignatureUrl('https://agent.example.com/media?x=%2F')).toBe(
      'wss://agent.example.com/media?x=%2F',
    );
    expect(webSocketSignatureUrl('HTTPS://Agent.example.com/Media')).toBe(
      'wss://Agent.example.com/Media',
    );
    expect(webSocketSignatureUrl('http://127.0.0.1:8080/media')).toBe('ws://127.0.0.1:8080/media');
    expect(webSocketSignatureUrl('wss://a/b')).toBe('wss://a/b');
    expect(webSocketSignatureUrl('ws://a/b')).toBe('ws://a/b');
    expect(() => webSocketSignatureUrl('/media')).toThrow(
      /absolute http\(s\):\/\/ or ws\(s\):\/\/ URL/,
    );
  });

  test('an upgrade seen as https behind a TLS proxy validates only in its wss form (pitfall 8)', () => {
    const seenByServer = 'https://agent.example.com/media';
    const signature = computeTwilioSignature('tok', 'wss://agent.example.com/media');
    expect(validateTwilioSignature('tok', signature, seenByServer)).toBe(false);
    expect(validateTwilioSignature('tok', signature, webSocketSignatureUrl(seenByServer))).toBe(
      true,
    );
  });
});
