// Partner logo: the storage key and sha256 of the re-encoded PNG (content-addressed, so its URL
// can be cached for ever), and its size for the <img> width/height (no layout shift).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partners', (t) => {
    t.string('logo_key', 200);
    t.string('logo_sha256', 64);
    t.integer('logo_width');
    t.integer('logo_height');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partners', (t) => {
    for (const c of ['logo_height', 'logo_width', 'logo_sha256', 'logo_key']) t.dropColumn(c);
  });
}
