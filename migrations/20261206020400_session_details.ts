// The session list (issue 16, Medium 12): what a user is shown of each of their signed-in
// sessions besides its times: the client's address cut to its /24 or /48 and the browser's family
// (e.g. "Firefox"), never the whole address or user-agent.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.string('client', 64);
    t.string('agent', 40);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('client');
    t.dropColumn('agent');
  });
}
