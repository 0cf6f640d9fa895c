// Mail options (issue 15): what a partner decides for its voters, and the resume token kept sealed.
// - partners.voter_email_optional: the eligibility step (and the API) accept a voter without an
//   email address; default false (required, as before).
// - partners.voter_mail_enabled: Rollcall emails this partner's voters (their own mail programme
//   when off); default true. Copied to registrations.voter_mail_enabled when a registration is
//   created (an API request may say otherwise for itself).
// - registrations.resume_token_sealed: the resume token, sealed with the field cipher (like
//   download_links.token_sealed), so the follow-up mail can carry the voter's resume link. The
//   hash stays the lookup key; rows from before have none. The purge clears it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partners', (t) => {
    t.boolean('voter_email_optional').notNullable().defaultTo(false);
    t.boolean('voter_mail_enabled').notNullable().defaultTo(true);
  });
  await knex.schema.alterTable('registrations', (t) => {
    t.text('resume_token_sealed');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('resume_token_sealed');
  });
  await knex.schema.alterTable('partners', (t) => {
    t.dropColumn('voter_mail_enabled');
    t.dropColumn('voter_email_optional');
  });
}
