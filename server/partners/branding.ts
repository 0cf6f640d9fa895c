// Partner colours and intro text. Colours are only ever #rrggbb (checked on save and again when
// the stylesheet is written), so partner input never becomes CSS of its own; both must reach
// WCAG AA contrast (4.5:1) with white, because white text sits on them (header, buttons).
import { Router } from 'express';
import { NotFound } from '../errors.js';
import type { Partner, PartnerRecords } from './partner-records.js';
import { paths } from '../paths.js';

export const HEX = /^#[0-9a-f]{6}$/;
export const AA = 4.5;

export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** A problem with a colour for white text, or null. */
export function colourProblem(hex: string): string | null {
  if (!HEX.test(hex)) return 'Write the colour as #rrggbb, such as #1a4480.';
  const ratio = contrastRatio(hex, '#ffffff');
  return ratio < AA
    ? `White text on ${hex} has contrast ${ratio.toFixed(2)}:1; WCAG AA needs at least ${AA}:1. Choose a darker colour.`
    : null;
}

export function brandingCss(b: Pick<Partner, 'brand_primary' | 'brand_secondary'>): string {
  const rules: string[] = [];
  const primary = b.brand_primary && HEX.test(b.brand_primary) ? b.brand_primary : null;
  const secondary = b.brand_secondary && HEX.test(b.brand_secondary) ? b.brand_secondary : null;
  if (primary)
    rules.push(
      `.rc-header{background-color:${primary}}`,
      `.usa-button:not(.usa-button--outline):not(.usa-button--unstyled){background-color:${primary}}`,
    );
  if (secondary)
    rules.push(
      `.usa-button:not(.usa-button--outline):not(.usa-button--unstyled):hover{background-color:${secondary}}`,
      `.rc-partner{border-left:4px solid ${secondary};padding-left:8px}`,
    );
  return rules.join('\n') + '\n';
}

/** What brandingCssRoute uses, and nothing else. */
export interface BrandingCssDeps {
  partners: PartnerRecords;
}

/** GET /assets/partner/:id.css: the partner's colours, for its flow's pages. */
export function brandingCssRoute({ partners }: BrandingCssDeps): Router {
  const router = Router();
  router.get(paths.partnerCss(':id'), async (req, res) => {
    const partner = await partners.activeById(String(req.params.id));
    if (!partner) throw new NotFound();
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('text/css; charset=utf-8').send(brandingCss(partner));
  });
  return router;
}
