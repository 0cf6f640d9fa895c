// What a voter arrives with from a partner's widget or link: ?partner=ID&source=…&tracking=…,
// utm_* parameters, and pre-filled ZIP and email. The start page carries them as hidden fields
// into POST /register, which keeps them with the registration.
import type { Response } from 'express';
import { paths } from '../paths.js';
import { allowFramingBy, originsOf } from '../partners/framing.js';
import { logoOf, type LogoRef } from '../partners/logo-store.js';
import type { Partner, PartnerRecords } from '../partners/partner-records.js';
import type { Answers } from '../registrations/answers.js';
import { isEmailAddress } from '../email-address.js';

export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

export interface Entry {
  partner: string;
  source: string;
  tracking: string;
  zip: string;
  email: string;
  utm: Partial<Record<(typeof UTM_KEYS)[number], string>>;
}

const text = (v: unknown, max: number): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** Reads the entry parameters from a query string or a posted form (same names in both). */
export function readEntry(input: Record<string, unknown>): Entry {
  const utm: Entry['utm'] = {};
  for (const k of UTM_KEYS) {
    const v = text(input[k], 100);
    if (v) utm[k] = v;
  }
  const zip = text(input.zip, 10);
  const email = text(input.email, 254);
  return {
    partner: text(input.partner, 32),
    source: text(input.source, 100),
    tracking: text(input.tracking, 100),
    // Pre-fills are only suggestions shown in the eligibility form; the step validates them.
    zip: /^\d{5}(-\d{4})?$/.test(zip) ? zip : '',
    email: isEmailAddress(email) ? email : '',
    utm,
  };
}

export function prefillOf(entry: Entry): Answers {
  const answers: Answers = {};
  if (entry.zip) answers.zip = entry.zip;
  if (entry.email) answers.email = entry.email;
  return answers;
}

export interface FrameModel {
  /** Space-separated origins the page's script may post to. */
  origins: string;
  /** An event to report to the host page on this page's load ('started' | 'completed'), or ''. */
  event: string;
  partnerName: string;
  partnerId: string;
  /** The partner's intro text in the page language (start page only), or ''. */
  intro: string;
  /** The partner's logo (shown beside its name), or null. */
  logo: LogoRef | null;
  /**
   * The registration's resume path (/r/<token>) while it is in progress, else '': the frame script
   * hands it to widget.js, which keeps it for the tab so a reload of the host page resumes.
   */
  resume: string;
}

export interface FrameOptions {
  /** An event to report to the host page on this page's load. */
  event?: '' | 'started' | 'completed';
  /** On the start page: show the partner's intro in this language. */
  introLang?: 'en' | 'es';
  /** On the pages of a registration still in progress: its resume token. */
  resumeToken?: string;
}

/** For a page of a partner's flow: allow the partner's origins to frame it and describe the frame script. */
export function framePage(res: Response, partner: Partner | undefined, options: FrameOptions = {}): FrameModel | null {
  if (!partner) return null;
  const origins = originsOf(partner);
  allowFramingBy(res, origins);
  const { event = '', introLang, resumeToken } = options;
  const intro = introLang ? ((introLang === 'en' ? partner.intro_en : partner.intro_es) ?? '') : '';
  return {
    origins: origins.join(' '),
    event,
    partnerName: partner.name,
    partnerId: partner.id,
    intro,
    logo: logoOf(partner),
    resume: resumeToken ? paths.resume(resumeToken) : '',
  };
}

export async function partnerOfRow(partners: Pick<PartnerRecords, 'activeById'>, partnerId: string | null): Promise<Partner | undefined> {
  return partnerId ? partners.activeById(partnerId) : undefined;
}
