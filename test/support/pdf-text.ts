// Test helper: the text of each page of a PDF, extracted with pdfjs-dist (legacy build, for node).
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const require = createRequire(import.meta.url);
const standardFontDataUrl = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;

export interface PdfTextDocument {
  pages: string[];
  /** Each page's text runs with their baseline position in points from the page's top-left,
   * their font size, and (with `fonts`) the name of their font as the PDF embeds it. */
  items: Array<Array<TextRun>>;
  info: Record<string, unknown>;
}

export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
  font?: string;
}

/** Each page's text with runs joined by single spaces. */
export async function extractText(pdf: Buffer, options: { fonts?: boolean } = {}): Promise<PdfTextDocument> {
  const task = getDocument({ data: new Uint8Array(pdf), standardFontDataUrl, verbosity: 0, isEvalSupported: false });
  const document = await task.promise;
  try {
    const pages: string[] = [];
    const items: PdfTextDocument['items'] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const height = page.view[3] ?? 0;
      const content = await page.getTextContent();
      // The font objects (with their names) exist once the page's operators have been read.
      if (options.fonts) await page.getOperatorList();
      const fontName = (id: string) => (page.commonObjs.get(id) as { name?: string } | undefined)?.name;
      const runs = content.items.flatMap((item) =>
        'str' in item
          ? [
              {
                text: item.str,
                x: item.transform[4] as number,
                y: height - (item.transform[5] as number),
                width: item.width,
                size: Math.hypot(item.transform[2] as number, item.transform[3] as number),
                ...(options.fonts ? { font: fontName(item.fontName) } : {}),
              },
            ]
          : [],
      );
      items.push(runs);
      pages.push(
        runs
          .map((run) => run.text)
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
      );
    }
    const metadata = await document.getMetadata();
    return { pages, items, info: metadata.info as Record<string, unknown> };
  } finally {
    await task.destroy();
  }
}
