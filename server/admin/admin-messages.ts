// The admin side's words, from views/locales/admin/en.json (staff read English; the voter
// catalogues stay free of admin strings), through the one i18n system (server/i18n.ts).
import { messagesFor, type Msg } from '../i18n.js';

export type { Msg };

export const msg: Msg = messagesFor('admin', 'en');
