import { describe, expect, it } from 'vitest';
import {
  CALL_COLUMNS,
  callRow,
  ENTITY_COLUMNS,
  entityRows,
  toCsv,
  TURN_COLUMNS,
  turnRows,
} from './csv.ts';
import { syntheticCall } from './test-calls.ts';

const call = syntheticCall({
  callId: 'call-0001',
  turns: [
    { callerMs: [500, 1500], agentMs: [2100, 3000] },
    { callerMs: [3500, 4200], agentMs: [4600, 5200] },
  ],
  entities: [
    {
      turn: 1,
      name: 'order_id',
      type: 'code',
      expected: 'AB3792',
      captured: 'AB3793',
      exact: false,
      cer: 1 / 6,
      source: 'side_channel',
    },
  ],
});

describe('CSV columns', () => {
  it('name every time column with _ms and every count with _count', () => {
    for (const column of [...CALL_COLUMNS, ...TURN_COLUMNS]) {
      if (
        /(latency|speech|duration|silence|air|over|stop|started|ended|end|onset|ttfb|response)/.test(
          column,
        ) &&
        column !== 'ended_by'
      )
        expect(column).toMatch(/_ms$/);
    }
    expect(CALL_COLUMNS.filter((c) => c.endsWith('_count'))).toEqual([
      'turn_count',
      'violation_count',
      'reply_timeout_count',
      'self_interruption_count',
      'frames_sent_count',
      'frames_late_5ms_count',
      'entity_count',
      'entity_exact_count',
    ]);
    expect(CALL_COLUMNS).toContain('webhook_response_ms');
    expect(TURN_COLUMNS).toContain('turn_latency_ms');
  });

  it('writes a call row whose cells line up with the header', () => {
    const [header, row] = toCsv([callRow(call)], CALL_COLUMNS, true)
      .trim()
      .split('\n');
    const cells = Object.fromEntries(header.split(',').map((name, i) => [name, row.split(',')[i]]));
    expect(cells).toMatchObject({
      call_id: 'call-0001',
      status: 'passed',
      turn_count: '2',
      turn_latency_p50_ms: '500',
      turn_latency_max_ms: '600',
      violation_count: '0',
      reply_timeout_count: '0',
      entity_count: '1',
      entity_exact_count: '0',
      entity_misses: 'order_id AB3792 → AB3793',
    });
  });

  it('writes a turn row per caller turn with its latency', () => {
    const lines = toCsv(turnRows(call), TURN_COLUMNS, true).trim().split('\n');
    const latencyColumn = lines[0].split(',').indexOf('turn_latency_ms');
    expect(lines.slice(1).map((l) => l.split(',')[latencyColumn])).toEqual(['600', '400']);
    expect(lines[1].split(',').slice(0, 6)).toEqual([
      'greeting',
      'call-0001',
      '1',
      'say',
      '490',
      '3050',
    ]);
  });

  it('writes an entity row with expected and captured side by side', () => {
    const lines = toCsv(entityRows(call), ENTITY_COLUMNS, true).trim().split('\n');
    expect(lines).toEqual([
      'scenario,call_id,turn,entity,type,expected,captured,exact,cer,source',
      'greeting,call-0001,1,order_id,code,AB3792,AB3793,false,0.167,side_channel',
    ]);
  });
});
