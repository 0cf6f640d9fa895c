// Partner survey questions and opt-ins. `partner_questions` holds what a partner asks (up to two
// questions per language, an email and an SMS opt-in with their consent text per language);
// `registration_survey` holds what one voter was shown and answered: copies of the exact texts,
// so a partner's later edit never changes a record. The purge deletes a registration's rows.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('partner_questions', (t) => {
    t.string('partner_id', 32).primary().references('partners.id');
    for (const lang of ['en', 'es']) {
      t.string(`question_1_${lang}`, 200);
      t.string(`question_2_${lang}`, 200);
      t.string(`email_consent_${lang}`, 500);
      t.string(`sms_consent_${lang}`, 500);
    }
    t.boolean('email_optin').notNullable().defaultTo(false);
    t.boolean('sms_optin').notNullable().defaultTo(false);
    t.bigInteger('updated_at').notNullable();
  });
  await knex.schema.createTable('registration_survey', (t) => {
    t.increments('id');
    t.integer('registration_id').notNullable().references('registrations.id');
    t.string('item', 16).notNullable(); // question_1 | question_2 | email_optin | sms_optin
    t.string('lang', 2).notNullable(); // the language the text was shown in
    t.string('prompt', 500).notNullable(); // the exact question or consent text shown
    t.string('answer', 500); // questions: the voter's answer
    t.boolean('ticked'); // opt-ins: whether the box was ticked
    t.string('phone', 20); // SMS opt-in: the number the messages go to
    t.bigInteger('recorded_at').notNullable();
    t.unique(['registration_id', 'item']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('registration_survey');
  await knex.schema.dropTableIfExists('partner_questions');
}
