/**
 * Escaping for text placed in HTML (element content and quoted attribute values). Everything that
 * came from outside — scenario names, transcripts, reasons, file names — goes through here.
 */
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** An id or URL fragment from untrusted text: only [A-Za-z0-9_-], so it needs no escaping. */
export function safeId(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)?.toString(16)}`);
}
