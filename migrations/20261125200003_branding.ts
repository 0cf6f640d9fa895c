// Partner branding, first part: two colours (checked for WCAG AA contrast on save) and an intro
// text per language. Logo, survey questions and opt-ins come later.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partners', (t) => {
    t.string('brand_primary', 7); // #rrggbb
    t.string('brand_secondary', 7);
    t.text('intro_en');
    t.text('intro_es');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partners', (t) => {
    for (const c of ['intro_es', 'intro_en', 'brand_secondary', 'brand_primary']) t.dropColumn(c);
  });
}
