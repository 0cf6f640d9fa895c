// The one shape of an email address, for every place one is typed: the voter's form and the API,
// a partner user added by an admin or on the command line, a widget's pre-fill, an admin search.
// Deliberately simple: one @, a dot in the domain, no spaces, angle brackets or quoting
// characters. Delivery proves the rest.
const EMAIL_ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

export function isEmailAddress(value: string): boolean {
  return EMAIL_ADDRESS.test(value);
}
