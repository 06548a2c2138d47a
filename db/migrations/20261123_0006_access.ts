// Access: staff and their sessions, residents' applications and self-registration, consents,
// password resets, account disconnections, and the e-mail outbox every message goes through.
import type { Knex } from 'knex';
import { createdAt, instant } from './columns.ts';

// Outside a transaction: on SQLite, adding and dropping `users.blocked_by` (a foreign key) rebuilds
// `users`, and knex can switch foreign keys off for the rebuild only outside one (SQLite ignores
// the pragma inside). With them on, dropping the old `users` cascades into sessions, links to
// accounts and every other table that references it, deleting their rows.
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('staff_users', (t) => {
    t.increments('id');
    t.string('login', 100).notNullable().unique(); // stored lower-case
    t.string('full_name', 300).notNullable();
    t.string('role', 20).notNullable(); // operator | administrator
    t.text('password_hash').notNullable();
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.integer('failed_logins').notNullable().defaultTo(0);
    instant(t, 'locked_until');
    instant(t, 'disabled_at'); // staff are never deleted: the audit log points at them
    instant(t, 'last_login_at');
    instant(t, 'password_changed_at');
    createdAt(t);
    instant(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable('staff_sessions', (t) => {
    t.string('id', 64).primary(); // SHA-256 of the token
    t.integer('staff_id').notNullable().references('staff_users.id').onDelete('CASCADE');
    t.string('client', 10).notNullable(); // ipc | web
    createdAt(t);
    instant(t, 'expires_at').notNullable();
    instant(t, 'last_seen_at').notNullable();
    t.string('ip', 64);
    t.index(['staff_id']);
  });

  // Consent to personal-data processing: which text, when, from where (152-ФЗ).
  await knex.schema.createTable('consents', (t) => {
    t.increments('id');
    t.string('purpose', 40).notNullable(); // application | registration | profile
    t.string('agreement_version', 40).notNullable();
    instant(t, 'agreed_at').notNullable();
    t.string('ip', 64);
    t.string('user_agent', 300);
    t.string('email', 254);
    t.integer('user_id').references('users.id').onDelete('SET NULL');
  });

  await knex.schema.createTable('access_applications', (t) => {
    t.increments('id');
    createdAt(t);
    t.string('full_name', 300).notNullable();
    t.string('address', 500).notNullable();
    t.string('account_number', 20).notNullable();
    t.string('email', 254).notNullable();
    t.string('phone', 20).notNullable();
    t.string('passport_hash', 64); // keyed hash only; the passport itself is never stored
    t.string('passport_masked', 20); // e.g. «66 ** ****12», for the clerk's eyes
    t.integer('consent_id').notNullable().references('consents.id');
    t.date('deadline_on').notNullable(); // three working days by the production calendar
    t.string('status', 20).notNullable().defaultTo('new'); // new | approved | rejected
    instant(t, 'decided_at');
    t.integer('decided_by').references('staff_users.id');
    t.string('reject_reason', 1000);
    t.integer('account_id').references('accounts.id');
    t.integer('user_id').references('users.id');
    t.string('ip', 64);
    t.index(['status', 'deadline_on']);
  });

  // Self-registration tries, successful or not, for throttling by address and by account.
  await knex.schema.createTable('registration_attempts', (t) => {
    t.bigIncrements('id');
    t.string('account_number', 20).notNullable();
    t.string('ip', 64);
    t.boolean('succeeded').notNullable();
    instant(t, 'at').notNullable();
    t.index(['account_number', 'at']);
    t.index(['ip', 'at']);
  });

  await knex.schema.createTable('password_reset_tokens', (t) => {
    t.string('id', 64).primary(); // SHA-256 of the token in the link
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    createdAt(t);
    instant(t, 'expires_at').notNullable();
    instant(t, 'used_at');
    t.string('ip', 64);
    t.index(['user_id']);
  });

  // An account unlinked from a login on written request or change of owner, with the document.
  await knex.schema.createTable('account_disconnections', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('account_id').notNullable().references('accounts.id');
    t.string('reason', 20).notNullable(); // request | owner_change
    t.string('document_ref', 200).notNullable();
    t.integer('staff_id').notNullable().references('staff_users.id');
    instant(t, 'at').notNullable();
    t.index(['account_id']);
  });

  await knex.schema.alterTable('users', (t) => {
    t.integer('blocked_by').references('staff_users.id');
  });

  // Every e-mail is a row first; a worker delivers it, so nothing is lost when SMTP is down.
  // `message_id` is the RFC 5322 Message-ID fixed at enqueue time: a retry after an unknown
  // outcome re-sends the same message, which receivers and tests can deduplicate.
  await knex.schema.createTable('email_outbox', (t) => {
    t.bigIncrements('id');
    createdAt(t);
    t.string('kind', 40).notNullable(); // e.g. application.approved, password.reset
    t.string('to_address', 254).notNullable();
    t.string('subject', 300).notNullable();
    t.text('text_body').notNullable();
    t.text('html_body');
    t.string('message_id', 200).notNullable().unique();
    t.string('status', 20).notNullable().defaultTo('pending'); // pending | sending | sent | failed
    t.integer('attempts').notNullable().defaultTo(0);
    instant(t, 'next_attempt_at').notNullable();
    instant(t, 'lease_until'); // a worker's claim; an expired lease is claimed again
    instant(t, 'sent_at');
    t.string('last_error', 1000);
    t.index(['status', 'next_attempt_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropForeign(['blocked_by']);
    t.dropColumn('blocked_by');
  });
  for (const table of [
    'email_outbox',
    'account_disconnections',
    'password_reset_tokens',
    'registration_attempts',
    'access_applications',
    'consents',
    'staff_sessions',
    'staff_users',
  ]) {
    await knex.schema.dropTable(table);
  }
}
