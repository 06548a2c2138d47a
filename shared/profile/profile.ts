// The resident's own profile: what the profile page shows, and nothing more.
import type { Knex } from 'knex';
import { notFound } from '../errors.ts';
import type { NotificationChannel, PreferenceMatrix } from '../notifications/kinds.ts';
import { availableChannels, effectivePreferences, loadPreferences } from './preferences.ts';

export interface Profile {
  userId: number;
  login: string;
  fullName: string | null;
  email: string | null;
  emailVerified: boolean;
  phone: string | null;
  passwordChangedAt: number | null;
  mustChangePassword: boolean;
  /** Every kind × channel as chosen, defaults filled in for what was never saved. */
  preferences: PreferenceMatrix;
  /** What will actually be sent: a channel without its contact sends nothing. */
  effectivePreferences: PreferenceMatrix;
  /** Channels the user has a contact for. */
  channels: Record<NotificationChannel, boolean>;
}

interface UserRow {
  id: number;
  login: string;
  full_name: string | null;
  email: string | null;
  email_verified_at: number | null;
  phone: string | null;
  password_changed_at: number | null;
  must_change_password: boolean | number;
}

export async function getProfile(db: Knex, userId: number): Promise<Profile> {
  const [user, preferences] = await Promise.all([
    db('users')
      .where({ id: userId })
      .first('id', 'login', 'full_name', 'email', 'email_verified_at', 'phone', 'password_changed_at', 'must_change_password') as Promise<UserRow | undefined>,
    loadPreferences(db, userId),
  ]);
  if (!user) throw notFound('Пользователь не найден');
  const contacts = { email: user.email, phone: user.phone };
  return {
    userId: user.id,
    login: user.login,
    fullName: user.full_name,
    email: user.email,
    emailVerified: user.email_verified_at !== null,
    phone: user.phone,
    passwordChangedAt: user.password_changed_at,
    mustChangePassword: Boolean(user.must_change_password),
    preferences,
    effectivePreferences: effectivePreferences(preferences, contacts),
    channels: availableChannels(contacts),
  };
}
