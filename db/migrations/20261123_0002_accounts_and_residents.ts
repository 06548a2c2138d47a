// Accounts (лицевые счета), resident users linked to them, sessions and sign-in attempts.
import type { Knex } from 'knex';
import { createdAt, instant } from './columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (t) => {
    t.increments('id');
    t.string('number', 20).notNullable().unique(); // digits only
    t.integer('building_id').notNullable().references('buildings.id');
    t.string('flat', 20).notNullable().defaultTo('');
    t.string('address', 500).notNullable(); // full postal address, for display and search
    t.integer('total_area_cm2').notNullable().defaultTo(0); // m² × 100
    t.integer('living_area_cm2');
    t.smallint('residents').notNullable().defaultTo(0);
    t.string('owner_name', 300).notNullable();
    t.string('owner_passport_hash', 64); // keyed hash for matching, never the passport itself
    t.string('status', 20).notNullable().defaultTo('active'); // active | closed
    t.date('opened_on');
    t.date('closed_on');
    createdAt(t);
    instant(t, 'updated_at').notNullable();
    t.index(['building_id']);
    t.index(['owner_name']);
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('login', 100).notNullable().unique(); // stored lower-case
    t.text('password_hash').notNullable(); // PHC string: algorithm and parameters beside the hash
    t.string('full_name', 300);
    t.string('email', 254);
    instant(t, 'email_verified_at');
    t.string('phone', 20);
    // Blocking by staff (with reason, until a time or until lifted).
    instant(t, 'blocked_at');
    instant(t, 'blocked_until');
    t.string('blocked_reason', 500);
    // Lockout after failed sign-ins; `suspicious_at` lists the user in the console.
    t.integer('failed_logins').notNullable().defaultTo(0);
    instant(t, 'locked_until');
    instant(t, 'suspicious_at');
    t.boolean('must_change_password').notNullable().defaultTo(false);
    instant(t, 'password_changed_at');
    instant(t, 'last_login_at');
    createdAt(t);
    instant(t, 'updated_at').notNullable();
    t.index(['email']);
    t.index(['suspicious_at']);
  });

  await knex.schema.createTable('user_accounts', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('account_id').notNullable().references('accounts.id').onDelete('CASCADE');
    createdAt(t);
    t.primary(['user_id', 'account_id']);
    t.index(['account_id']);
  });

  await knex.schema.createTable('notification_preferences', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('kind', 40).notNullable(); // see shared/notifications/kinds.ts
    t.string('channel', 20).notNullable(); // email | sms
    t.boolean('enabled').notNullable();
    t.primary(['user_id', 'kind', 'channel']);
  });

  await knex.schema.createTable('sessions', (t) => {
    t.string('id', 64).primary(); // SHA-256 of the cookie token: a database leak yields no live session
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('csrf_token', 64).notNullable();
    t.integer('current_account_id').references('accounts.id').onDelete('SET NULL');
    createdAt(t);
    instant(t, 'expires_at').notNullable();
    instant(t, 'last_seen_at').notNullable();
    t.string('ip', 64);
    t.string('user_agent', 300);
    t.index(['user_id']);
    t.index(['expires_at']);
  });

  await knex.schema.createTable('login_attempts', (t) => {
    t.bigIncrements('id');
    t.string('login', 100).notNullable();
    t.integer('user_id').references('users.id').onDelete('CASCADE');
    t.string('ip', 64);
    t.boolean('succeeded').notNullable();
    t.string('reason', 40); // bad_password | locked | blocked | unknown_login
    instant(t, 'at').notNullable();
    t.index(['user_id', 'at']);
    t.index(['ip', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['login_attempts', 'sessions', 'notification_preferences', 'user_accounts', 'users', 'accounts']) {
    await knex.schema.dropTable(table);
  }
}
