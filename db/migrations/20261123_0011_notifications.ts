// Notifications: the SMS outbox (mirrors email_outbox: a worker claims rows under a lease and
// retries with back-off), a log that makes every scheduled or mass message reach a resident once
// (unique user, kind and dedupe key), the runs of the scheduler that finished (so a finished job
// is not walked again every pass), and mass notices with one delivery row per resident and
// channel pointing at the outbox row, which tells the console each delivery's status.
import type { Knex } from 'knex';
import { createdAt, instant } from './columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sms_outbox', (t) => {
    t.bigIncrements('id');
    createdAt(t);
    t.string('kind', 40).notNullable(); // e.g. notice.outage, readings_window
    t.string('to_phone', 20).notNullable(); // +7XXXXXXXXXX
    t.text('text').notNullable();
    // Chosen when queued: lets a batch insert find its rows again, and names the message in logs.
    t.string('message_key', 64).notNullable().unique();
    t.string('status', 20).notNullable().defaultTo('pending'); // pending | sending | sent | failed
    t.integer('attempts').notNullable().defaultTo(0);
    instant(t, 'next_attempt_at').notNullable();
    instant(t, 'lease_until');
    instant(t, 'sent_at');
    t.string('last_error', 1000);
    t.string('provider_message_id', 100);
    t.index(['status', 'next_attempt_at']);
  });

  await knex.schema.createTable('notification_log', (t) => {
    t.bigIncrements('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('kind', 40).notNullable(); // a kind of shared/notifications/kinds.ts, or 'general'
    t.string('dedupe_key', 100).notNullable(); // e.g. 2026-11:open, receipt:2026-10, notice:12
    t.string('channels', 20).notNullable(); // what was queued: 'email', 'sms', 'email,sms'
    createdAt(t);
    t.unique(['user_id', 'kind', 'dedupe_key']);
  });

  await knex.schema.createTable('notification_runs', (t) => {
    t.string('job', 120).primary(); // e.g. receipt:2026-10, readings-open:2026-11:23-25
    instant(t, 'finished_at').notNullable();
    t.integer('recipients').notNullable();
  });

  await knex.schema.createTable('notices', (t) => {
    t.increments('id');
    t.string('kind', 20).notNullable(); // outage | general
    t.string('title', 200).notNullable();
    t.text('body').notNullable();
    t.text('audience').notNullable(); // JSON: {type:'all'} | {type:'building',buildingId} | {type:'debtors',minDebtKopecks}
    t.string('channels', 20).notNullable(); // 'email', 'sms', 'email,sms'
    t.string('request_key', 64).unique(); // the console's key for one press of «Отправить»
    t.integer('created_by').notNullable().references('staff_users.id');
    createdAt(t);
    t.integer('recipients').notNullable().defaultTo(0); // residents reached by at least one channel
    t.index(['created_at']);
  });

  await knex.schema.createTable('notice_deliveries', (t) => {
    t.bigIncrements('id');
    t.integer('notice_id').notNullable().references('notices.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('channel', 10).notNullable(); // email | sms
    t.bigInteger('email_outbox_id').references('email_outbox.id');
    t.bigInteger('sms_outbox_id').references('sms_outbox.id');
    t.unique(['notice_id', 'user_id', 'channel']);
  });

  // The console's day: payments by day and readings of a period are counted without a full scan.
  await knex.schema.alterTable('payments', (t) => t.index(['paid_at'], 'payments_paid_at_index'));
  await knex.schema.alterTable('readings', (t) => t.index(['period', 'taken_on'], 'readings_period_taken_on_index'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('readings', (t) => t.dropIndex(['period', 'taken_on'], 'readings_period_taken_on_index'));
  await knex.schema.alterTable('payments', (t) => t.dropIndex(['paid_at'], 'payments_paid_at_index'));
  for (const table of ['notice_deliveries', 'notices', 'notification_runs', 'notification_log', 'sms_outbox']) {
    await knex.schema.dropTable(table);
  }
}
