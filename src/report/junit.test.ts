import { describe, expect, it } from 'vitest';
import { escapeXml } from './junit.ts';

describe('junit.xml text', () => {
  it('escapes the five XML specials and drops characters XML cannot carry', () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
    expect(escapeXml('bell\u0007 and nul\u0000 gone, tab\tkept')).toBe(
      'bell and nul gone, tab\tkept',
    );
  });
});
