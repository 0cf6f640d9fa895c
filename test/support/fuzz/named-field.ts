// "The answer names the field": what a 4xx that is about a field must show. HTML pages: an error
// summary whose every link leads to a form control on the page, or (the portal's single-field
// forms) a control marked aria-invalid that is tied to its error message. JSON: `fields[].path`.

/** Ids of the form controls (input, select, textarea) of an HTML page. */
function controlIds(html: string): Set<string> {
  return new Set([...html.matchAll(/<(?:input|select|textarea)\b[^>]*?\sid="([^"]+)"/g)].map((m) => m[1]!));
}

/** The links of the page's error summary (voter and admin pages). */
function summaryLinks(html: string): string[] {
  const summary = /id="error-summary"[\s\S]*?<\/ul>/.exec(html);
  return summary ? [...summary[0].matchAll(/<a href="#([^"]+)"/g)].map((m) => m[1]!) : [];
}

/** Controls marked invalid whose aria-describedby names an error message that is on the page. */
function invalidControls(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<(?:input|select|textarea)\b[^>]*>/g)) {
    const tag = m[0];
    const id = /\sid="([^"]+)"/.exec(tag)?.[1];
    const described = /aria-describedby="([^"]+)"/.exec(tag)?.[1]?.split(/\s+/) ?? [];
    if (id && /aria-invalid="true"/.test(tag) && described.some((d) => d.endsWith('-error') && html.includes(`id="${d}"`))) out.push(id);
  }
  return out;
}

/** Null when the page names at least one field and every summary link has its control; else why not. */
export function htmlFieldProblem(html: string): string | null {
  const controls = controlIds(html);
  const links = summaryLinks(html);
  const broken = links.filter((id) => !controls.has(id));
  if (broken.length) return `the error summary links to #${broken.join(', #')}, which no control on the page has`;
  if (links.length === 0 && invalidControls(html).length === 0)
    return 'no field is named: no error summary link and no control marked invalid with its message';
  return null;
}

export interface JsonFieldError {
  path: string;
  message: string;
}

/** Null when a 422 JSON answer names fields the request could have meant; else why not. */
export function jsonFieldProblem(body: unknown, known: ReadonlySet<string>): string | null {
  const fields = (body as { fields?: unknown })?.fields;
  if (!Array.isArray(fields) || fields.length === 0) return 'a 422 without fields[]';
  for (const f of fields as JsonFieldError[]) {
    // (an empty path only for a field whose name is empty: an unknown "=x" parameter)
    if (typeof f?.path !== 'string' || (f.path === '' && !known.has('')) || typeof f.message !== 'string' || f.message === '')
      return `a field error without path or message: ${JSON.stringify(f)}`;
    if (f.path !== '(body)' && !known.has(f.path) && !known.has(f.path.split('.')[0]!))
      return `fields[].path "${f.path}" names no field of the request`;
  }
  return null;
}
