// Input schemas of the staff commands, with the messages the console shows under each field.
import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from '../auth/password.ts';
import { PASSWORD_MAX_LENGTH } from '../profile/password.ts';

export const STAFF_ROLES = ['operator', 'administrator'] as const;

/** Logins are stored lower-case; Latin letters, digits and . _ - keep them easy to type anywhere. */
export const staffLogin = z
  .string({ message: 'Введите логин' })
  .trim()
  .toLowerCase()
  .min(1, 'Введите логин')
  .max(100, 'Логин длиннее 100 символов');

const newLogin = staffLogin
  .refine((v) => v.length >= 3, 'Логин должен быть не короче 3 символов')
  .refine((v) => /^[a-z0-9._-]*$/.test(v), 'В логине допустимы латинские буквы, цифры, точка, дефис и подчёркивание');

const fullName = z
  .string({ message: 'Введите ФИО' })
  .trim()
  .min(1, 'Введите ФИО')
  .max(300, 'ФИО длиннее 300 символов');

const role = z.enum(STAFF_ROLES, { message: 'Выберите роль: оператор или администратор' });

const staffId = z.number({ message: 'Не указан сотрудник' }).int('Не указан сотрудник').positive('Не указан сотрудник');

export const signInSchema = z.object({
  login: staffLogin,
  password: z.string({ message: 'Введите пароль' }).min(1, 'Введите пароль').max(PASSWORD_MAX_LENGTH, 'Слишком длинный пароль'),
});

/** Length and strength of the new password are checked with the login known (see password.ts). */
export const changeOwnPasswordSchema = z.object({
  currentPassword: z.string({ message: 'Введите текущий пароль' }).min(1, 'Введите текущий пароль').max(PASSWORD_MAX_LENGTH, 'Слишком длинный пароль'),
  newPassword: z
    .string({ message: 'Введите новый пароль' })
    .min(PASSWORD_MIN_LENGTH, `Новый пароль должен быть не короче ${PASSWORD_MIN_LENGTH} символов`)
    .max(PASSWORD_MAX_LENGTH, `Новый пароль слишком длинный: не больше ${PASSWORD_MAX_LENGTH} символов`),
});

export const createStaffSchema = z.object({ login: newLogin, fullName, role });

export const updateStaffSchema = z
  .object({
    id: staffId,
    fullName: fullName.optional(),
    role: role.optional(),
    disabled: z.boolean({ message: 'Ожидается «да» или «нет»' }).optional(),
  })
  .refine((v) => v.fullName !== undefined || v.role !== undefined || v.disabled !== undefined, {
    message: 'Нечего изменять: укажите ФИО, роль или отключение',
    path: ['form'],
  });

export const staffIdSchema = z.object({ id: staffId });

export const noInputSchema = z.object({});

export type SignInInput = z.output<typeof signInSchema>;
export type ChangeOwnPasswordInput = z.output<typeof changeOwnPasswordSchema>;
export type CreateStaffInput = z.output<typeof createStaffSchema>;
export type UpdateStaffInput = z.output<typeof updateStaffSchema>;
