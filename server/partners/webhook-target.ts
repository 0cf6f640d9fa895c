// Which webhook URLs a partner may save: https (http only with WEBHOOK_ALLOW_HTTP, for
// development), no credentials in the URL, at most 500 characters, and a host whose every address
// is public (unless WEBHOOK_ALLOW_PRIVATE). Delivery checks the address again when it connects
// (webhook-http.ts): this save-time check gives the partner a clear error, that one is the guard.
import { nonPublicKind, resolveAll } from '../security/public-address.js';

export interface WebhookRules {
  allowHttp: boolean;
  allowPrivate: boolean;
}

/** A key under webhooks.errors in the partner locale, with what the message names. */
// forbiddenAddress names no address: the one a host name resolved to may be an internal one the
// partner has no business learning (the delivery log says only "not public" likewise).
export type UrlProblem = { code: 'notUrl' | 'notHttps' | 'credentials' | 'tooLong' | 'forbiddenAddress' };

export function parseWebhookUrl(text: string, rules: Pick<WebhookRules, 'allowHttp'>): { url: string } | UrlProblem {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { code: 'notUrl' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && rules.allowHttp))
    return { code: url.protocol === 'http:' ? 'notHttps' : 'notUrl' };
  if (!url.hostname) return { code: 'notUrl' };
  if (url.username || url.password) return { code: 'credentials' };
  if (url.href.length > 500) return { code: 'tooLong' };
  return { url: url.href };
}

/**
 * Null when the URL's host resolves only to public addresses (or private ones are allowed). A
 * name that does not resolve (yet) is accepted: it cannot point anywhere, and every delivery is
 * checked again when it connects.
 */
export async function targetProblem(url: string, rules: Pick<WebhookRules, 'allowPrivate'>): Promise<UrlProblem | null> {
  if (rules.allowPrivate) return null;
  let addresses: string[];
  try {
    addresses = await resolveAll(new URL(url).hostname);
  } catch {
    return null;
  }
  for (const address of addresses) if (nonPublicKind(address)) return { code: 'forbiddenAddress' };
  return null;
}

/** Parse and check together: the URL to store, or the problem to show on the form. */
export async function checkWebhookUrl(text: string, rules: WebhookRules): Promise<{ url: string } | UrlProblem> {
  const parsed = parseWebhookUrl(text, rules);
  if (!('url' in parsed)) return parsed;
  return (await targetProblem(parsed.url, rules)) ?? parsed;
}
