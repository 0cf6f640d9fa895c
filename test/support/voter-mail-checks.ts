// What every voter message must carry (issue 15; the contract in docs/voter-mail.md once mail-core
// lands), checked on a message read from the MTA's Maildir: From, both parts (text and HTML from one
// template), List-Unsubscribe with the one-click stop URL and List-Unsubscribe-Post (RFC 8058), the
// email's link /m/:token in both parts, and no personal data but the first name. Shared by the mail
// suite and the browser story test.
import assert from 'node:assert/strict';
import { linksIn, type MaildirMessage } from './maildir.js';

/** The email's own link (/m/:token; '' for a follow-up, which links to the resume page instead) and its one-click stop URL (/m/:token/stop). */
export interface VoterMailLinks {
  link: string;
  stop: string;
}

export const VOTER_LINK = /^https?:\/\/[^/]+\/m\/[A-Za-z0-9_-]{22,}$/;

/**
 * Checks `m` and returns its links. `personal` lists what must not appear (last name, date of
 * birth, street, ID number...); `from` is the MAIL_FROM the server was given. `emailLink: false` for
 * the follow-up, whose one link is the resume link /r/:token (docs/voter-mail.md), not /m/:token.
 */
export function checkVoterMessage(
  m: MaildirMessage,
  where: string,
  from: string,
  personal: string[],
  { emailLink = true }: { emailLink?: boolean } = {},
): VoterMailLinks {
  assert.equal(m.header('from'), from, `${where}: From`);
  assert.match(m.header('content-type') ?? '', /^multipart\/alternative/, `${where}: multipart/alternative`);
  assert.ok(m.text && m.html, `${where}: both a text and an HTML part (${m.parts.map((p) => p.type).join(', ')})`);
  const unsubscribe = m.header('list-unsubscribe') ?? '';
  const stop = /<(https?:\/\/[^>]+)>/.exec(unsubscribe)?.[1];
  assert.ok(stop, `${where}: List-Unsubscribe carries an http(s) URL (${unsubscribe})`);
  assert.match(new URL(stop).pathname, /^\/m\/[A-Za-z0-9_-]{22,}\/stop$/, `${where}: the stop URL is /m/:token/stop`);
  assert.equal(m.header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click', `${where}: RFC 8058 one-click`);
  const textLinks = linksIn(m.text);
  const link = textLinks.find((l) => VOTER_LINK.test(l)) ?? '';
  if (emailLink) {
    assert.ok(link, `${where}: the text part links to /m/:token (${textLinks.join(', ')})`);
    assert.ok(m.html.includes(link), `${where}: the HTML part carries the same link`);
  } else assert.equal(link, '', `${where}: no /m/:token link expected (${textLinks.join(', ')})`);
  assert.ok(textLinks.includes(stop) || m.html.includes(stop), `${where}: the body offers the stop link too`);
  for (const [name, part] of [
    ['subject', m.subject],
    ['text', m.text],
    ['html', m.html],
  ] as const)
    for (const secret of personal) assert.ok(!part.includes(secret), `${where}: "${secret}" (personal data) in the ${name}`);
  return { link, stop };
}

/** What a mail client does for one-click (RFC 8058): a POST with exactly this body, no cookie, no CSRF token. */
export async function oneClickStop(stop: string): Promise<number> {
  const res = await fetch(stop, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
    redirect: 'manual',
  });
  return res.status;
}
