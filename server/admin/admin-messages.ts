// The admin side's words, from views/locales/admin/en.json (staff read English; the voter
// locales stay free of admin strings). The loader is shared with the partner portal.
import { messagesFor, messageTable, type Msg } from '../staff-messages.js';

export type { Msg };

export function adminStrings(): Record<string, unknown> {
  return messageTable('admin', 'en');
}

export const msg: Msg = messagesFor('admin', 'en');
