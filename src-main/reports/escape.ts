// Everything the report writes from data (run names are user input, responses are model output) goes through
// here: as element text, in a double-quoted attribute, or in an SVG <title>.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c] as string)
}
