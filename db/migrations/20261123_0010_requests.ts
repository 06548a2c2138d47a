// Residents' requests («обращения») to the emergency dispatch service or the company, their
// threads and photos, and the public feedback form («Обратная связь») with its moderation flags.
import type { Knex } from 'knex';
import { createdAt, instant } from './columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('requests', (t) => {
    t.increments('id');
    // «А-000123» (emergency) or «О-000124» (company), from the id; set right after the insert.
    t.string('number', 20).unique();
    t.integer('user_id').notNullable().references('users.id');
    t.integer('account_id').notNullable().references('accounts.id');
    t.string('channel', 20).notNullable(); // emergency | company
    t.string('category', 30).notNullable(); // see shared/requests/categories.ts
    t.text('description').notNullable();
    t.string('contact_phone', 20).notNullable(); // +7XXXXXXXXXX
    t.string('address', 500).notNullable(); // the account's address when the request was made
    t.string('status', 20).notNullable().defaultTo('new'); // new | in_work | answered | closed
    t.integer('assigned_staff_id').references('staff_users.id');
    createdAt(t);
    instant(t, 'first_response_at'); // the first reply the resident sees
    instant(t, 'answered_at');
    instant(t, 'closed_at');
    instant(t, 'updated_at').notNullable();
    t.index(['user_id', 'created_at']);
    t.index(['status', 'channel', 'created_at']);
    t.index(['account_id']);
  });

  await knex.schema.createTable('request_messages', (t) => {
    t.bigIncrements('id');
    t.integer('request_id').notNullable().references('requests.id').onDelete('CASCADE');
    t.string('author', 20).notNullable(); // resident | staff
    t.integer('staff_id').references('staff_users.id');
    t.text('body').notNullable();
    t.boolean('internal').notNullable().defaultTo(false); // staff notes, never shown to the resident
    createdAt(t);
    t.index(['request_id', 'created_at']);
  });

  await knex.schema.createTable('request_photos', (t) => {
    t.increments('id');
    t.integer('request_id').notNullable().references('requests.id').onDelete('CASCADE');
    t.string('file_name', 100).notNullable().unique(); // under <UPLOAD_DIR>/requests/
    t.string('original_name', 255).notNullable();
    t.string('mime', 40).notNullable(); // from the magic bytes, not from the browser
    t.integer('size').notNullable();
    t.string('sha256', 64).notNullable();
    createdAt(t);
    t.index(['request_id']);
  });

  await knex.schema.createTable('feedback', (t) => {
    t.increments('id');
    t.string('name', 200).notNullable();
    t.string('email', 254).notNullable();
    t.string('phone', 20);
    t.string('topic', 30).notNullable();
    t.text('body').notNullable();
    t.string('body_hash', 64).notNullable(); // SHA-256 of the normalised body, for repeats
    t.string('ip', 64);
    t.boolean('flagged').notNullable().defaultTo(false);
    t.text('flag_reasons'); // JSON array of { code, detail }
    t.string('status', 20).notNullable().defaultTo('new'); // new | answered | ignored
    t.integer('user_id').references('users.id').onDelete('SET NULL');
    t.integer('consent_id').references('consents.id');
    t.text('reply');
    instant(t, 'answered_at');
    t.integer('answered_by').references('staff_users.id');
    createdAt(t);
    instant(t, 'updated_at').notNullable();
    t.index(['status', 'created_at']);
    t.index(['body_hash', 'created_at']);
    t.index(['ip', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['feedback', 'request_photos', 'request_messages', 'requests']) await knex.schema.dropTable(table);
}
