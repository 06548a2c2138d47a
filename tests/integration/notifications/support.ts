// A small town for the notification suites: two buildings and residents with every mix of
// contacts and choices.
//
//   building 1: r1 e-mail + phone, also holds r6's flat; r2 e-mail only; r3 phone only with outage
//               SMS switched off; r4 no contacts; r6 no contacts
//   building 2: r5 e-mail + phone
import type { Knex } from 'knex';
import { updateContacts } from '../../../shared/profile/contacts.ts';
import { createResident, createWorld, idOf, linkAccount, type ResidentFixture, type World } from '../../support/factories.ts';

export interface Town {
  world: World;
  building2: number;
  r: Record<'r1' | 'r2' | 'r3' | 'r4' | 'r5' | 'r6', ResidentFixture>;
}

export async function createTown(db: Knex): Promise<Town> {
  const world = await createWorld(db);
  const [b2] = await db('buildings').insert({ city: 'Десногорск', street: '2-й микрорайон', house: '7', block: '', created_at: Date.now() }).returning('id');
  const building2 = idOf(b2);
  const make = (n: string, o: { building?: number; email?: string; phone?: string } = {}) =>
    createResident(db, o.building ? { ...world, buildingId: o.building } : world, { accountNumber: `000200${n}` }).then(async (r) => {
      if (o.email || o.phone) await updateContacts(db, { userId: r.userId, email: o.email ?? null, phone: o.phone ?? null });
      return r;
    });
  const r1 = await make('01', { email: 'r1@example.test', phone: '+7 915 000-00-01' });
  const r2 = await make('02', { email: 'r2@example.test' });
  const r3 = await make('03', { phone: '8 (915) 000-00-03' });
  const r4 = await make('04');
  const r5 = await make('05', { building: building2, email: 'r5@example.test', phone: '+79150000005' });
  const r6 = await make('06');
  await linkAccount(db, r1.userId, r6.accountId);
  await setPreference(db, r3.userId, 'outage', 'sms', false);
  return { world, building2, r: { r1, r2, r3, r4, r5, r6 } };
}

export async function setPreference(db: Knex, userId: number, kind: string, channel: string, enabled: boolean): Promise<void> {
  await db('notification_preferences').insert({ user_id: userId, kind, channel, enabled }).onConflict(['user_id', 'kind', 'channel']).merge(['enabled']);
}

export interface Queued {
  email: { to: string; kind: string; subject: string; text: string; html: string }[];
  sms: { to: string; kind: string; text: string }[];
}

export async function queued(db: Knex): Promise<Queued> {
  const email: { to_address: string; kind: string; subject: string; text_body: string; html_body: string }[] = await db('email_outbox').orderBy('id').select('to_address', 'kind', 'subject', 'text_body', 'html_body');
  const sms: { to_phone: string; kind: string; text: string }[] = await db('sms_outbox').orderBy('id').select('to_phone', 'kind', 'text');
  return {
    email: email.map((e) => ({ to: e.to_address, kind: e.kind, subject: e.subject, text: e.text_body, html: e.html_body })),
    sms: sms.map((s) => ({ to: s.to_phone, kind: s.kind, text: s.text })),
  };
}

export const notifyConfig = { publicUrl: 'https://lk.example.test', appSecret: 'test-secret-test-secret-test-secret-42', env: 'test' as const };
