// What the PDF renderer needs: a registration already resolved into printable strings.
// Pure data (structured-clone safe) so it can cross into the render worker pool.

export interface PdfAddress {
  street: string;
  unit?: string;
  city: string;
  state: string;
  zip: string;
}

export interface PdfRegistration {
  /** The registration's public uid; printed in the QR code and the footer. */
  uid: string;
  lang: 'en' | 'es';
  /** ISO date the voter submitted; the only date in the PDF (metadata included), so output is deterministic. */
  submittedAt: string;
  usCitizen: boolean;
  eighteenByElectionDay: boolean;
  title?: string;
  firstName: string;
  middleName?: string;
  lastName: string;
  suffix?: string;
  dateOfBirth: string; // YYYY-MM-DD
  phone?: string;
  homeAddress: PdfAddress;
  mailingAddress?: PdfAddress;
  previousName?: { title?: string; firstName: string; middleName?: string; lastName: string; suffix?: string };
  previousAddress?: PdfAddress;
  /** As the voter typed it, or the localized word for "none". */
  idNumber: string;
  /** Localized label of the chosen party (or the no-party choice), or empty. */
  party: string;
  /** Localized label of the chosen race or ethnic group, or empty. */
  race: string;
  /** Page 2's numbered steps (print … mail), the same as the done page's (registrations/mailing-steps.ts). */
  nextSteps: Array<{ title: string; body: string }>;
  /** The state's notes for this voter (states/state-notes.ts): pre-registration, Arizona's proof of citizenship, ... */
  notes: Array<{ title: string; body: string }>;
  /**
   * Where the form goes: the voter's county or town election office, or the state's
   * (server/offices/). The mailer page and the instructions page print only this.
   */
  office: {
    /** The address, one line each, the city line last. */
    lines: string[];
    phone?: string;
    url?: string;
  };
  state: {
    code: string;
    name: string;
    /** Localized sentences for the instructions page. */
    deadline: string;
    idRule: string;
    partyRule: string;
    raceRule: string;
    eligibility: string;
  };
}
