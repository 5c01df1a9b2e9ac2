/**
 * `call: { webhook, from, to, params, status_callback }`: how a scenario's call is placed. With
 * `webhook` the call starts as Twilio's would — POST the voice webhook, follow its TwiML to the
 * stream — instead of dialling the agent's WebSocket; `from`/`to` are the caller's and the called
 * number, `params` more webhook form parameters, `status_callback` where the call's `completed`
 * status is POSTed when it ends.
 */
import type { NodeReader, Slot } from './node-reader.ts';
import { readParameters } from './parameters-field.ts';
import type { ScenarioCallSetup } from './types.ts';

const CALL_KEYS = ['webhook', 'from', 'to', 'params', 'status_callback'];

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export function readCallSetup(reader: NodeReader, slot: Slot): ScenarioCallSetup | undefined {
  const fields = reader.map(
    slot,
    CALL_KEYS,
    'a map, e.g. call: { webhook: "https://agent.example.com/twilio/voice", from: "+14155550100" }',
  );
  if (fields === undefined) return undefined;
  const setup: ScenarioCallSetup = { params: readParameters(reader, fields.get('params')) };
  const webhookSlot = fields.get('webhook');
  const webhook =
    webhookSlot && reader.string(webhookSlot, 'an http:// or https:// URL of the voice webhook');
  if (webhookSlot && webhook !== undefined) {
    if (isHttpUrl(webhook)) setup.webhook = webhook;
    else
      reader.wrongType(
        webhookSlot,
        'an http:// or https:// URL of the voice webhook',
        'invalid_value',
      );
  }
  const callbackSlot = fields.get('status_callback');
  const callback =
    callbackSlot &&
    reader.string(callbackSlot, "an http:// or https:// URL for the call's status callback");
  if (callbackSlot && callback !== undefined) {
    if (isHttpUrl(callback)) setup.statusCallback = callback;
    else
      reader.wrongType(
        callbackSlot,
        "an http:// or https:// URL for the call's status callback",
        'invalid_value',
      );
  }
  for (const key of ['from', 'to'] as const) {
    const s = fields.get(key);
    const value = s && reader.scalarText(s, 'a phone number, e.g. "+14155550100"');
    if (value !== undefined) setup[key] = value;
  }
  return setup;
}
