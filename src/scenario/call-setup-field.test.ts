import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse-scenario.ts';

const base = (call: string): string => `name: webhook-first
${call}
parameters: { tenant: acme }
turns:
  - listen: {}
  - hangup
`;

describe('call: in a scenario', () => {
  it('reads the webhook, the numbers and more webhook parameters', () => {
    const parsed = parseScenario(
      base(
        'call: { webhook: "https://agent.example.com/twilio/voice", from: "+14155550100", to: 14155550199, params: { CallerName: Ann, vip: true } }',
      ),
      '/s/webhook.yaml',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.scenario?.call).toEqual({
      webhook: 'https://agent.example.com/twilio/voice',
      from: '+14155550100',
      to: '14155550199',
      params: { CallerName: 'Ann', vip: 'true' },
    });
    expect(parsed.scenario?.parameters).toEqual({ tenant: 'acme' });
  });

  it("reads the call's status callback", () => {
    const parsed = parseScenario(
      base(
        'call: { webhook: "http://127.0.0.1:8080/twilio/voice", status_callback: "http://127.0.0.1:8080/twilio/status" }',
      ),
      '/s/webhook.yaml',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.scenario?.call).toEqual({
      webhook: 'http://127.0.0.1:8080/twilio/voice',
      params: {},
      statusCallback: 'http://127.0.0.1:8080/twilio/status',
    });
  });

  it.each([
    [
      'call: { status_callback: "ftp://x/status" }',
      /call: status_callback.* must be an http:\/\/ or https:\/\/ URL/,
    ],
    [
      'call: { webhook: "wss://agent.example.com/media" }',
      /call: webhook.* must be an http:\/\/ or https:\/\/ URL/,
    ],
    ['call: { webhok: "https://x/voice" }', /unknown field 'webhok' — did you mean 'webhook'\?/],
    ['call: { params: { nested: { a: 1 } } }', /must be a single value/],
    ['call: "https://x/voice"', /must be a map, e.g. call: \{ webhook:/],
  ])('%s is reported with its line and field', (call, message) => {
    const parsed = parseScenario(base(call), '/s/webhook.yaml');
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(parsed.errors.map((e) => `${e.line}: ${e.message}`).join('\n')).toMatch(message);
    expect(parsed.errors[0]?.line).toBe(2);
  });
});
