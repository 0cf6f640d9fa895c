// ASVS 11.1.2: business flows at a realistic human pace. A web voter who goes from the start form
// to the submit of the review faster than a person can is almost certainly a script. The state's
// rules decide who may register, not us: such a registration is accepted like any other and only
// flagged (registrations.too_fast) for staff to review, counted in /metrics and the security log.
// Measured on the server from the registration's own timestamps (created_at, written by the start
// form's POST; the submit's time), never from anything the client says.
//
// The floor: six pages (eligibility, name, addresses, ID, party, review), each read and sent with
// at least one deliberate action, about 1.5 s with its round trip (9 s); and the answers no
// browser autofills (citizen, 18 by election day, the ID's kind, its number, the party), about
// 1.2 s each (6 s). Name, address, email and date of birth can arrive in one autofill, and a
// partner's link may pre-fill the ZIP and email, so they count for nothing. 15 s is the fast end
// of a person who knows every answer; below it, no one reads the pages.
export const HUMAN_FLOOR_MS = 15_000;

/** Whether a web registration started at `createdAt` and submitted at `now` went faster than a person can. */
export function isTooFast(createdAt: number, now: number): boolean {
  return now - createdAt < HUMAN_FLOOR_MS;
}
