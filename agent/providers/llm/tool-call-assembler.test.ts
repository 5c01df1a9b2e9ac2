import { describe, expect, test } from 'vitest';
import { parseToolArguments, ToolCallAssembler } from './tool-call-assembler.ts';

describe('ToolCallAssembler', () => {
  test('joins argument fragments per index, interleaved', () => {
    const a = new ToolCallAssembler();
    a.add({ index: 0, id: 'c0', function: { name: 'f', arguments: '' } });
    a.add({ index: 1, id: 'c1', function: { name: 'g', arguments: '{"b"' } });
    a.add({ index: 0, function: { arguments: '{"a":' } });
    a.add({ index: 1, function: { arguments: ':2}' } });
    a.add({ index: 0, function: { arguments: '1}' } });
    expect(a.result()).toEqual([
      { id: 'c0', name: 'f', arguments: '{"a":1}' },
      { id: 'c1', name: 'g', arguments: '{"b":2}' },
    ]);
  });

  test('a new id at the same index starts a new call (Ollama)', () => {
    const a = new ToolCallAssembler();
    a.add({ index: 0, id: 'x', function: { name: 'f', arguments: '{}' } });
    a.add({ index: 0, id: 'y', function: { name: 'g', arguments: '{"k":1}' } });
    expect(a.result().map((c) => [c.id, c.name, c.arguments])).toEqual([
      ['x', 'f', '{}'],
      ['y', 'g', '{"k":1}'],
    ]);
  });

  test('a repeated name or id does not duplicate; a missing id is made up', () => {
    const a = new ToolCallAssembler();
    a.add({ index: 0, function: { name: 'end_call', arguments: '' } });
    a.add({ index: 0, function: { name: 'end_call', arguments: '{}' } });
    expect(a.result()).toEqual([{ id: 'call_0', name: 'end_call', arguments: '{}' }]);
  });
});

describe('parseToolArguments', () => {
  test('accepts objects and empty text, rejects the rest with a reason', () => {
    expect(parseToolArguments('')).toEqual({ ok: true, value: {} });
    expect(parseToolArguments('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseToolArguments('[1]')).toMatchObject({ ok: false });
    expect(parseToolArguments('{"a":')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not valid JSON/),
    });
  });
});
