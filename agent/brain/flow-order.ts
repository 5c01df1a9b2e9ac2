/**
 * Order status: get the order number (spelled, read back), look it up, say where it is.
 */
import { ENTITIES } from './entities.ts';
import type { Dialog, Flow } from './dialog.ts';
import * as say from './prompts.ts';
import {
  asRecord,
  field,
  isOk,
  recordList,
  numberField,
  type ResultRecord,
} from './tool-result.ts';

function withArticle(name: string): string {
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}

function itemsSentence(items: ResultRecord[]): string | null {
  const spoken = items
    .map((item) => {
      const name = field(item, 'name');
      const quantity = numberField(item, 'quantity') ?? 1;
      if (!name) return null;
      return quantity === 1 ? withArticle(name) : `${quantity} ${name}s`;
    })
    .filter((s): s is string => s !== null);
  if (spoken.length === 0) return null;
  const list =
    spoken.length === 1
      ? spoken[0]
      : `${spoken.slice(0, -1).join(', ')} and ${spoken[spoken.length - 1]}`;
  return `It has ${list}.`;
}

/** What the caller hears about an order, from lookup_order's result. */
export function orderStatusSentences(order: ResultRecord, today: string): string[] {
  const eta = field(order, 'eta');
  const when = (iso: string | undefined): string =>
    iso ? say.relativeSpokenDate(iso, today) : 'soon';
  const carrier = field(order, 'carrier');
  const out: string[] = [];
  switch (field(order, 'status')) {
    case 'processing':
      out.push(`Your order is being prepared and should arrive ${when(eta)}.`);
      break;
    case 'shipped':
      out.push(
        `Your order shipped${carrier ? ` with ${carrier}` : ''} and should arrive ${when(eta)}.`,
      );
      break;
    case 'out_for_delivery':
      out.push(`Your order is out for delivery and should arrive ${when(eta)}.`);
      break;
    case 'delivered': {
      const on = field(order, 'delivered_on');
      out.push(
        on
          ? `Your order was delivered ${say.relativeSpokenDate(on, today) === 'yesterday' ? 'yesterday' : `on ${say.spokenDate(on)}`}.`
          : 'Your order was delivered.',
      );
      break;
    }
    case 'delayed':
      out.push(`Your order is delayed. The new delivery estimate is ${when(eta)}.`);
      break;
    case 'cancelled':
      out.push('Your order was cancelled.');
      break;
    default:
      out.push("I found your order, but I don't have a status for it yet.");
  }
  const items = itemsSentence(recordList(order, 'items'));
  if (items) out.push(items);
  return out;
}

export const orderFlow: Flow = {
  async start(d, utterance) {
    d.say(say.SURE);
    // "I'm calling about order AB3792": read it back straight away.
    const parsed = utterance
      ? ENTITIES.order_id.parse(utterance, d.entityContext)
      : { ok: false as const };
    if (parsed.ok) return d.askConfirm('order_id', parsed.value);
    await orderFlow.next(d);
  },

  async next(d: Dialog) {
    const orderId = d.values.order_id;
    if (orderId === undefined) return d.askFor('order_id');
    const result = await d.tool('lookup_order', { order_id: orderId });
    if (!isOk(result)) {
      delete d.values.order_id;
      if (await d.failEntity('order_id')) return;
      return d.askFor('order_id', { problem: say.ORDER_NOT_FOUND, retry: true });
    }
    for (const sentence of orderStatusSentences(asRecord(result), d.today)) d.say(sentence);
    d.finishTask();
  },
};
