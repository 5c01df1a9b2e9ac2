/**
 * A call's timeline as inline SVG, with its transcript and recording: caller and agent lanes (the
 * agent as heard, over what the playback buffer played), mutual silence, and an events lane with
 * barge-ins, `clear`s, marks and violations. Each turn's latency is drawn as a bracket from the
 * caller's last voiced sample to the first audible reply sample, labelled in ms. TwiML audio
 * played before the stream (<Say>, <Play>, <Pause>) is drawn in the agent lane as such — dashed,
 * labelled with its verb and text or URL — not as the agent's streamed speech, with a line where
 * the stream opened.
 */
import { conversationTable } from './conversation-table.ts';
import type { ScoredCall } from '../../results/scored-call.ts';
import { escapeHtml, safeId } from './escape.ts';
import { niceStep } from './chart-data.ts';
import { COLOR, OKABE_ITO } from './palette.ts';
import { fmt, linearScale } from './svg.ts';
import {
  timelineData,
  withoutSpans,
  type Span,
  type TimelineData,
  type TwimlAudioSpan,
} from './timeline-data.ts';

const LANE = { caller: 40, latency: 74, agent: 92, silence: 134, events: 170 } as const;
const LANE_HEIGHT = 22;
const LEFT = 110;
const RIGHT_PAD = 20;

function width(durationMs: number): number {
  // ~60 px a second keeps words of a transcript apart; long calls scroll sideways.
  return Math.min(6000, Math.max(900, Math.round((durationMs / 1000) * 60))) + LEFT + RIGHT_PAD;
}

function bars(
  spans: readonly Span[],
  x: (ms: number) => number,
  y: number,
  h: number,
  fill: string,
  what: string,
  extra = '',
): string {
  return spans
    .map(
      (s) =>
        `<rect x="${x(s.startMs)}" y="${y}" width="${Math.max(1, Math.round((x(s.endMs) - x(s.startMs)) * 10) / 10)}" height="${h}" fill="${fill}"${extra}><title>${escapeHtml(`${what}: ${fmt(s.startMs)}–${fmt(s.endMs)} ms (${fmt(s.endMs - s.startMs)} ms)`)}</title></rect>`,
    )
    .join('');
}

const VERB_TAG = { say: '<Say>', play: '<Play>', pause: '<Pause>' } as const;
/** Average width of a character of the 11 px label font: how much of a <Say>'s text fits its bar. */
const LABEL_CHAR_PX = 6;

/** One TwiML verb in the agent lane: a dashed bar (outline only for a pause), its verb and words on it. */
function twimlBar(t: TwimlAudioSpan, x: (ms: number) => number): string {
  const x1 = x(t.startMs);
  const w = Math.max(1, Math.round((x(t.endMs) - x1) * 10) / 10);
  const tag = VERB_TAG[t.verb];
  const what = t.verb === 'say' ? `"${t.what}"` : t.what;
  // A URL's file name says more in a short bar than its scheme and host; the tooltip has it all.
  const short = t.verb === 'play' ? (/([^/?#]+)(?:[?#].*)?$/.exec(t.what)?.[1] ?? t.what) : what;
  const label = short === '' ? tag : `${tag} ${short}`;
  const room = Math.floor((w - 6) / LABEL_CHAR_PX);
  const shown = label.length <= room ? label : room >= 4 ? `${label.slice(0, room - 1)}…` : '';
  const fill = t.verb === 'pause' ? 'fill="none"' : `fill="${COLOR.agent}" fill-opacity="0.3"`;
  const voice = t.voice === null ? '' : ` (rendered offline by ${t.voice})`;
  const title = `TwiML ${tag} before the stream${voice}: ${fmt(t.startMs)}–${fmt(t.endMs)} ms (${fmt(t.endMs - t.startMs)} ms)${what === '' ? '' : ` — ${what}`}`;
  return `<g class="twiml-audio" data-verb="${t.verb}"><rect x="${x1}" y="${LANE.agent}" width="${w}" height="${LANE_HEIGHT - 6}" ${fill} stroke="${COLOR.agent}" stroke-dasharray="4 2"/>${shown === '' ? '' : `<text x="${x1 + 3}" y="${LANE.agent + 12}" class="small">${escapeHtml(shown)}</text>`}<title>${escapeHtml(title)}</title></g>`;
}

export function timelineSvg(d: TimelineData): string {
  const w = width(d.durationMs);
  const h = 240;
  const x = linearScale(0, Math.max(1, d.durationMs), LEFT, w - RIGHT_PAD);
  const parts: string[] = [];
  parts.push(`<title>${escapeHtml(`Timeline of ${d.callId}: ${fmt(d.durationMs)} ms`)}</title>`);
  const laneLabel = (y: number, text: string): string =>
    `<text x="8" y="${y + 15}" class="lane-label">${escapeHtml(text)}</text>`;
  parts.push(
    laneLabel(LANE.caller, 'caller'),
    laneLabel(LANE.agent, 'agent (heard)'),
    laneLabel(LANE.silence, 'silence'),
    laneLabel(LANE.events, 'events'),
  );
  // Time axis along the bottom, in seconds.
  const step = niceStep(d.durationMs / 1000 / 12) * 1000;
  for (let t = 0; t <= d.durationMs + 1e-6; t += step) {
    parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="30" y2="${h - 36}" stroke="${COLOR.grid}"/>`);
    parts.push(
      `<text x="${x(t)}" y="${h - 22}" text-anchor="middle" class="tick">${fmt(t / 1000)}</text>`,
    );
  }
  // With TwiML audio before the stream, the clock starts at the answer (events.ts).
  parts.push(
    `<text x="${LEFT}" y="${h - 4}" class="axis-label">time since the ${d.streamOpenedMs === null ? 'stream opened' : 'call was answered'} (s)</text>`,
  );
  if (d.streamOpenedMs !== null) {
    const xs = x(d.streamOpenedMs);
    parts.push(
      `<g class="stream-opened"><line x1="${xs}" x2="${xs}" y1="22" y2="${h - 36}" stroke="${COLOR.neutral}" stroke-dasharray="6 3"/><text x="${xs + 3}" y="20" class="small">stream opened</text><title>${escapeHtml(`the media stream opened at ${fmt(d.streamOpenedMs)} ms, after the TwiML before it had played`)}</title></g>`,
    );
  }

  parts.push(bars(d.callerSpeech, x, LANE.caller, LANE_HEIGHT, COLOR.caller, 'caller speech'));
  for (const k of d.dtmf)
    parts.push(
      `<g class="dtmf"><rect x="${x(k.tMs) - 6}" y="${LANE.caller + 2}" width="12" height="18" fill="#fff" stroke="${COLOR.caller}"/><text x="${x(k.tMs)}" y="${LANE.caller + 15}" text-anchor="middle" class="small">${escapeHtml(k.digit)}</text><title>${escapeHtml(`key ${k.digit} at ${fmt(k.tMs)} ms`)}</title></g>`,
    );
  // What the playback buffer played, under the speech heard in it.
  parts.push(bars(d.playback, x, LANE.agent + LANE_HEIGHT - 5, 5, OKABE_ITO.yellow, 'playback'));
  // Speech heard while TwiML played was Twilio's <Say>/<Play>: drawn as that, not as the agent's stream.
  const twimlSound = d.twimlAudio.filter((t) => t.verb !== 'pause');
  parts.push(
    bars(
      withoutSpans(d.agentSpeech, twimlSound),
      x,
      LANE.agent,
      LANE_HEIGHT - 6,
      COLOR.agent,
      'agent speech as heard',
    ),
  );
  for (const t of d.twimlAudio) parts.push(twimlBar(t, x));
  for (const s of d.silences) {
    const fill = s.deadAir ? COLOR.fail : '#bdbdbd';
    parts.push(
      bars(
        [s],
        x,
        LANE.silence + 6,
        10,
        fill,
        s.deadAir ? 'dead air' : 'mutual silence',
        s.deadAir ? ' fill-opacity="0.8"' : '',
      ),
    );
  }

  for (const t of d.turns) {
    if (t.latencyMs === null || t.callerEndMs === null || t.agentOnsetMs === null) continue;
    const x1 = x(t.callerEndMs);
    const x2 = x(t.agentOnsetMs);
    const y = LANE.latency;
    parts.push(
      `<g class="turn-latency" data-turn="${t.turn}"><line x1="${x1}" x2="${x1}" y1="${LANE.caller + LANE_HEIGHT}" y2="${y + 4}" stroke="${COLOR.latency}"/><line x1="${x2}" x2="${x2}" y1="${y - 4}" y2="${LANE.agent}" stroke="${COLOR.latency}"/><line x1="${x1}" x2="${x2}" y1="${y}" y2="${y}" stroke="${COLOR.latency}" stroke-width="2"/><text x="${(x1 + x2) / 2}" y="${y - 4}" text-anchor="middle" class="latency-label">${fmt(t.latencyMs)} ms</text><title>${escapeHtml(`turn ${t.turn}: latency ${fmt(t.latencyMs)} ms (caller stopped ${fmt(t.callerEndMs)} ms, reply heard ${fmt(t.agentOnsetMs)} ms)`)}</title></g>`,
    );
  }
  for (const t of d.turns) {
    if (!t.replyTimedOut || t.callerEndMs === null) continue;
    parts.push(
      `<text x="${x(t.callerEndMs) + 4}" y="${LANE.latency}" class="latency-label" fill="${COLOR.fail}">turn ${t.turn}: no reply</text>`,
    );
  }

  const ev = LANE.events;
  for (const i of d.interruptions)
    parts.push(
      `<g class="interruption"><path d="M${x(i.tMs)},${ev + 2} l6,16 h-12 z" fill="${OKABE_ITO.reddishPurple}"/><title>${escapeHtml(`caller barged in (turn ${i.turn}) at ${fmt(i.tMs)} ms`)}</title></g>`,
    );
  for (const c of d.clears)
    parts.push(
      `<g class="clear"><path d="M${x(c.tMs) - 5},${ev + 4} l10,12 m0,-12 l-10,12" stroke="${COLOR.fail}" stroke-width="2.5"/><text x="${x(c.tMs) + 7}" y="${ev + 15}" class="small" fill="${COLOR.fail}">clear</text><title>${escapeHtml(`clear at ${fmt(c.tMs)} ms flushed ${fmt(c.flushedMs)} ms of queued audio`)}</title></g>`,
    );
  for (const m of d.marks)
    parts.push(
      `<g class="mark"><line x1="${x(m.tMs)}" x2="${x(m.tMs)}" y1="${ev + 2}" y2="${ev + 20}" stroke="${COLOR.pass}" stroke-width="2"${m.cleared ? ' stroke-dasharray="2 2"' : ''}/><title>${escapeHtml(`mark "${m.name}" echoed at ${fmt(m.tMs)} ms${m.cleared ? ' (released by a clear)' : ''}`)}</title></g>`,
    );
  for (const v of d.violations)
    parts.push(
      `<g class="violation"><circle cx="${x(v.tMs)}" cy="${ev + 11}" r="7" fill="${COLOR.fail}"/><text x="${x(v.tMs)}" y="${ev + 15}" text-anchor="middle" class="small" fill="#fff">!</text><title>${escapeHtml(`${v.code} at ${fmt(v.tMs)} ms: ${v.message}`)}</title></g>`,
    );

  return `<div class="timeline-scroll"><svg class="timeline-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img">${parts.join('')}</svg></div>`;
}

const TWIML_LEGEND = `<span class="swatch" style="background:${COLOR.agent};opacity:0.4;outline:1px dashed ${COLOR.agent}"></span>TwiML &lt;Say&gt;/&lt;Play&gt; before the stream (dashed; &lt;Pause&gt; outlined) `;

/** The timeline's key; the TwiML entry only for calls that had TwiML audio. */
function legend(twiml: boolean): string {
  return `<p class="legend-row"><span class="swatch" style="background:${COLOR.caller}"></span>caller speech <span class="swatch" style="background:${COLOR.agent}"></span>agent speech as heard ${twiml ? TWIML_LEGEND : ''}<span class="swatch" style="background:${OKABE_ITO.yellow}"></span>playback <span class="swatch" style="background:${COLOR.latency}"></span>turn latency <span class="swatch" style="background:#bdbdbd"></span>silence <span class="swatch" style="background:${COLOR.fail}"></span>dead air, clear, violation <span class="swatch" style="background:${COLOR.pass}"></span>mark (dashed: released by a clear) ▲ barge-in</p>`;
}

/** The timeline section of one call: header, reason, chart, recording and transcript. */
export function timelineSection(call: ScoredCall, recording: string | null): string {
  const d = timelineData(call);
  const id = `call-${safeId(call.callId)}`;
  const audio = recording
    ? `<p class="recording"><audio controls preload="none" src="${escapeHtml(recording)}"></audio> <a href="${escapeHtml(recording)}">${escapeHtml(recording)}</a> — stereo: caller left, agent as heard right${d.recordingStartMs !== null ? `; starts ${fmt(d.recordingStartMs)} ms into the call` : ''}.</p>`
    : '<p class="recording muted">No recording (recorded: failed calls by default; <code>--record all</code> for every call).</p>';
  const transcript = d.heard.length
    ? `<table class="transcript"><thead><tr><th>heard (ms)</th><th>agent said</th><th>source</th></tr></thead><tbody>${d.heard.map((u) => `<tr><td class="num">${fmt(u.startMs)}–${fmt(u.endMs)}</td><td>${escapeHtml(u.error === undefined ? u.text : `(not transcribed: ${u.error})`)}</td><td>${escapeHtml(u.transcriber === undefined ? u.source : `${u.source} (${u.transcriber})`)}</td></tr>`).join('')}</tbody></table>`
    : '<p class="muted">No transcript of what the agent said for this call.</p>';
  const turns = `<table class="turns"><thead><tr><th>turn</th><th>kind</th><th>caller stopped (ms)</th><th>reply heard (ms)</th><th>latency (ms)</th></tr></thead><tbody>${d.turns.map((t) => `<tr><td class="num">${t.turn}</td><td>${escapeHtml(t.kind)}</td><td class="num">${t.callerEndMs === null ? '' : fmt(t.callerEndMs)}</td><td class="num">${t.agentOnsetMs === null ? '' : fmt(t.agentOnsetMs)}</td><td class="num">${t.latencyMs === null ? (t.replyTimedOut ? 'no reply' : '') : fmt(t.latencyMs)}</td></tr>`).join('')}</tbody></table>`;
  return `<section class="timeline" id="${id}">
<h3>${escapeHtml(call.scenario)} <span class="muted">${escapeHtml(call.callId)}</span> <span class="status ${call.status}">${escapeHtml(call.status)}</span></h3>
${call.reason ? `<p class="reason">${escapeHtml(call.reason)}</p>` : ''}
${timelineSvg(d)}
${legend(d.twimlAudio.length > 0)}
${audio}
${conversationTable(call.events)}
<div class="columns">${turns}${transcript}</div>
<p><a href="#calls">↑ back to the calls</a></p>
</section>`;
}
