// A new password issued by a clerk (the resident forgot it or was locked out). The old one stops
// working, every session ends, and the resident must change the new one at the next sign-in.
// With an e-mail on file the password goes there (through the outbox, in the same
// transaction); otherwise the console shows it once, for the clerk to hand over.
import type { Knex } from 'knex';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import { destroyUserSessions } from '../residents/sessions.ts';
import { loadCompanyInfo } from '../settings/company-info.ts';
import { requireUser } from './blocking.ts';
import { auditStaffAction, type AdminContext } from './context.ts';

/**
 * A resident's new password: e-mailed when the user has an address; otherwise shown to the
 * clerk once (this is the only time it leaves the server) to hand over in person.
 */
export type ReissuedPassword =
  | { login: string; emailed: true; emailedTo: string }
  | { login: string; emailed: false; password: string };

export async function reissuePassword(ctx: AdminContext, input: { userId: number }): Promise<ReissuedPassword> {
  const password = generatePassword();
  const hash = await hashPassword(password);
  return ctx.db.transaction(async (trx) => {
    const user = await requireUser(trx, input.userId);
    const now = ctx.now();
    await trx('users').where({ id: user.id }).update({
      password_hash: hash, must_change_password: true, password_changed_at: now,
      failed_logins: 0, locked_until: null, updated_at: now,
    });
    await destroyUserSessions(trx, user.id);
    const email = user.email?.trim() || null;
    if (email) await enqueueEmail(trx, await passwordEmail(trx, email, user.login, password), now);
    await auditStaffAction(trx, ctx, {
      action: 'resident.password_reissue', subjectType: 'user', subjectId: user.id, details: { emailed: email !== null },
    });
    return email ? { login: user.login, emailed: true, emailedTo: email } : { login: user.login, emailed: false, password };
  });
}

async function passwordEmail(db: Knex, to: string, login: string, password: string) {
  const company = await loadCompanyInfo(db);
  const contacts = [company.supportPhone, company.supportEmail].filter(Boolean).join(', ');
  const lines = [
    'Здравствуйте!',
    '',
    `По вашему обращению ${company.name} выдал новый пароль для входа в личный кабинет.`,
    `Логин: ${login}`,
    `Пароль: ${password}`,
    '',
    'При первом входе кабинет попросит сменить этот пароль на свой. Прежний пароль больше не действует.',
    `Если вы не обращались за новым паролем, сообщите нам${contacts ? `: ${contacts}` : ''}.`,
  ];
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const html = lines.map((line) => (line === '' ? '' : `<p>${escape(line)}</p>`)).join('\n');
  return { kind: 'password.reissued', to, subject: 'Новый пароль для входа в личный кабинет', text: lines.join('\n'), html };
}
