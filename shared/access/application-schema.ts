// The resident's application for access («Заявка на получение доступа»): one schema for the
// site's form and anything else that submits one. Passport data is asked for only when the
// company's registration mode is 'passport'; otherwise passport fields are dropped unread.
import { z } from 'zod';
import { accountNumberSchema } from '../account-number.ts';
import { contactsFormSchema } from '../profile/contacts.ts';
import { formText } from '../profile/form-text.ts';
import type { SettingValue } from '../settings/settings.ts';
import { consentFieldSchema } from './consent.ts';
import { passportSchema } from './passport.ts';

export type RegistrationMode = SettingValue<'registration.mode'>;

/** Form field names, in the order the form shows them (and the error summary lists them). */
export const APPLICATION_FIELDS = ['fullName', 'address', 'accountNumber', 'email', 'phone', 'passport', 'consent'] as const;
export type ApplicationField = (typeof APPLICATION_FIELDS)[number];

// Letters of any alphabet, spaces, hyphens (Римский-Корсаков), apostrophes (Д'Артаньян), dots.
const NAME_PATTERN = /^[\p{L}][\p{L}\s.'’-]*$/u;

const fullName = formText('Неверное значение ФИО')
  .transform((v) => v.trim().replace(/\s+/g, ' '))
  .pipe(
    z.string()
      .min(1, { message: 'Укажите фамилию, имя и отчество', abort: true })
      .max(300, { message: 'ФИО слишком длинное', abort: true })
      .regex(NAME_PATTERN, { message: 'ФИО может содержать только буквы, пробелы, дефис и апостроф', abort: true })
      .refine((v) => v.split(' ').length >= 2, 'Укажите фамилию и имя полностью, например Иванов Иван Иванович'),
  );

const address = formText('Неверное значение адреса')
  .transform((v) => v.trim().replace(/\s+/g, ' '))
  .pipe(
    z.string()
      .min(1, { message: 'Укажите адрес помещения', abort: true })
      .min(8, { message: 'Укажите адрес полностью: улица, дом и квартира', abort: true })
      .max(500, 'Адрес слишком длинный'),
  );

const accountNumber = formText('Неверное значение номера лицевого счёта')
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().min(1, { message: 'Укажите номер лицевого счёта', abort: true }))
  .pipe(accountNumberSchema);

// The profile's rules (format, lower case, +7 normalisation), but here both are required: the
// answer goes to the e-mail, and the clerk may call.
const email = contactsFormSchema.shape.email.pipe(z.string({ error: 'Укажите адрес электронной почты: на него придёт ответ' }));
const phone = contactsFormSchema.shape.phone.pipe(z.string({ error: 'Укажите номер телефона для связи' }));

const baseFields = { fullName, address, accountNumber, email, phone };

export interface ApplicationForm {
  fullName: string;
  address: string;
  accountNumber: string;
  email: string;
  /** +7XXXXXXXXXX */
  phone: string;
  /** Ten digits in passport mode, otherwise null. */
  passport: string | null;
  consent: true;
}

const withPassport = z
  .object({ ...baseFields, passport: passportSchema, consent: consentFieldSchema })
  .transform((f): ApplicationForm => ({ ...f, passport: f.passport }));
const withoutPassport = z
  .object({ ...baseFields, consent: consentFieldSchema })
  .transform((f): ApplicationForm => ({ ...f, passport: null }));

/** The application schema for the company's registration mode. */
export function applicationFormSchema(mode: RegistrationMode): z.ZodType<ApplicationForm, unknown> {
  return mode === 'passport' ? withPassport : withoutPassport;
}

/** Whether the form asks for passport data in this mode. */
export const asksForPassport = (mode: RegistrationMode): boolean => mode === 'passport';
