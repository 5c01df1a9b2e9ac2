/** A goal-driven call's conversation in its timeline: agent turn as heard, the caller's answer, and why. */
import type { CallEvent } from '../../metrics/events.ts';
import { conversationLines } from '../conversation.ts';
import { escapeHtml } from './escape.ts';

export function conversationTable(events: readonly CallEvent[]): string {
  const lines = conversationLines(events);
  if (lines.length === 0) return '';
  const rows = lines.map((l) => {
    const answer =
      [
        l.style?.spoken ?? l.caller ?? '',
        l.dtmf === null ? '' : `[keys ${l.dtmf}]`,
        l.hangup ? '[hangs up]' : '',
      ]
        .filter((x) => x !== '')
        .join(' ') || '(waits)';
    const why = [
      l.reason.intent,
      l.reason.fact === null ? '' : `fact ${l.reason.fact}`,
      l.reason.note ?? '',
      l.reason.error === undefined ? '' : `error: ${l.reason.error}`,
    ]
      .filter((x) => x !== '')
      .join(' · ');
    const pattern =
      l.reason.pattern === null ? '' : ` title="pattern: ${escapeHtml(l.reason.pattern)}"`;
    return `<tr><td class="num">${l.turn}</td><td class="num">${Math.round(l.t_ms)}</td><td>${escapeHtml(l.agent)}</td><td>${escapeHtml(answer)}</td><td${pattern}>${escapeHtml(`${l.reason.policy}: ${why}`)}</td></tr>`;
  });
  return `<table class="conversation"><caption>conversation (goal-driven caller)</caption><thead><tr><th>turn</th><th>at (ms)</th><th>agent said (${escapeHtml(lines[0].heard_from)})</th><th>caller answered</th><th>why</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
