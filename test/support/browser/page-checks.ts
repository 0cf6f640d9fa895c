// Checks that apply to every page a voter sees: nothing sideways-scrolls at 320 px, no asset
// fails to load, no CSP violation, and the language attribute and locale strings are right.
import fs from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { projectPath } from '../../../server/project-root.js';

type LocaleTree = { [key: string]: string | LocaleTree };
const locales: Record<'en' | 'es', LocaleTree> = {
  en: JSON.parse(fs.readFileSync(projectPath('views/locales/en.json'), 'utf8')) as LocaleTree,
  es: JSON.parse(fs.readFileSync(projectPath('views/locales/es.json'), 'utf8')) as LocaleTree,
};

/** A locale string by its dotted key, with {{placeholders}} filled in. */
export function text(lang: 'en' | 'es', key: string, vars: Record<string, string> = {}): string {
  let node: string | LocaleTree | undefined = locales[lang];
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no locale string ${lang}:${key}`);
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => vars[name] ?? `{{${name}}}`);
}

/** Elements sticking out to the right of the viewport (empty when the page fits). */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 0.5) {
        const label = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
        out.push(`${label} (right edge ${Math.round(r.right)} px > ${width} px): ${(el.textContent ?? '').trim().slice(0, 60)}`);
      }
    }
    return out.length ? out : [`page is ${document.documentElement.scrollWidth} px wide at ${width} px`];
  });
}

/**
 * Records, for a whole browser context, what a voter would never see but should not happen:
 * a stylesheet, font or image that fails to load, a request that fails, a console error other
 * than the browser's own "Failed to load resource" (422 pages and the like), e.g. a CSP refusal.
 */
export function watchContext(context: BrowserContext): { problems(): string[] } {
  const problems: string[] = [];
  context.on('response', (res) => {
    const type = res.request().resourceType();
    if (res.status() >= 400 && type !== 'document') problems.push(`${type} ${res.url()} → ${res.status()}`);
  });
  context.on('requestfailed', (req) => {
    // A navigation that turns into a PDF view or download is reported as aborted; that is fine.
    if (req.resourceType() !== 'document') problems.push(`${req.resourceType()} ${req.url()} failed: ${req.failure()?.errorText}`);
  });
  context.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(`console: ${msg.text()}`);
  });
  return { problems: () => [...problems] };
}

/** The voter's own text as the page shows it: main's text, whitespace collapsed. */
export async function mainText(page: Page): Promise<string> {
  return (await page.innerText('main')).replace(/\s+/g, ' ').trim();
}
