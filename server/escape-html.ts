// The one HTML escaper, for the few places that build HTML or SVG in code rather than in an
// autoescaped nunjucks template: the five characters that can end a text node or an attribute
// value (quoted with " or '), as numeric references.
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
