// Input schemas for requests, shared by the site's forms and the console's commands.
import { z } from 'zod';
import type { FieldError } from '../errors.ts';
import { fieldErrorsOf } from '../validation.ts';
import { normalizeRussianPhone } from '../profile/contacts.ts';
import { formText } from '../profile/form-text.ts';
import { CATEGORIES, REQUEST_STATUSES, type RequestCategory } from './categories.ts';

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 4000;
export const MESSAGE_MAX = 4000;

export const PHONE_HINT = 'Например, +7 915 123-45-67 или 8 (48153) 7-12-34';

/** A required Russian phone number, stored as +7XXXXXXXXXX. */
export const contactPhoneSchema = formText('Неверное значение номера телефона')
  .pipe(z.string().trim().max(40, 'Номер телефона слишком длинный'))
  .transform((v, ctx) => {
    if (v === '') {
      ctx.addIssue({ code: 'custom', message: 'Укажите номер телефона для связи' });
      return z.NEVER;
    }
    const result = normalizeRussianPhone(v);
    if (result.ok) return result.phone;
    ctx.addIssue({ code: 'custom', message: `Укажите российский номер телефона полностью. ${PHONE_HINT}` });
    return z.NEVER;
  });

/** Line ends unified and outer spaces trimmed; the text inside kept as typed. */
const cleanText = (v: string) => v.replace(/\r\n?/g, '\n').trim();

/** An empty description, in the words of each form: an accident is described, a question asked. */
const EMPTY_DESCRIPTION = { emergency: 'Опишите, что случилось', company: 'Напишите ваш вопрос' } as const;

export const descriptionSchema = formText('Неверное значение описания')
  .transform(cleanText)
  .pipe(
    z.string()
      .min(1, { message: EMPTY_DESCRIPTION.emergency, abort: true })
      .min(DESCRIPTION_MIN, { message: `Опишите подробнее: не меньше ${DESCRIPTION_MIN} символов`, abort: true })
      .max(DESCRIPTION_MAX, `Описание слишком длинное: не больше ${DESCRIPTION_MAX} символов`),
  );

export const messageBodySchema = formText('Неверное значение сообщения')
  .transform(cleanText)
  .pipe(
    z.string()
      .min(1, { message: 'Напишите сообщение', abort: true })
      .max(MESSAGE_MAX, `Сообщение слишком длинное: не больше ${MESSAGE_MAX} символов`),
  );

const CATEGORY_MESSAGE = 'Выберите тему обращения из списка';

const channelSchema = z.enum(['emergency', 'company'], { error: 'Выберите, куда направить обращение' });

/** The new-request form: channel first, then a category of that channel. */
export const newRequestSchema = z
  .object({
    channel: channelSchema,
    category: formText('Выберите тему обращения'),
    description: descriptionSchema,
    contactPhone: contactPhoneSchema,
  })
  .superRefine((v, ctx) => {
    if (!(CATEGORIES[v.channel] as readonly string[]).includes(v.category)) ctx.addIssue({ code: 'custom', path: ['category'], message: CATEGORY_MESSAGE });
  })
  .transform((v) => ({ ...v, category: v.category as RequestCategory }));
export type NewRequestForm = z.output<typeof newRequestSchema>;


/**
 * The form's every problem at once: zod skips the object's cross-field check while a field is
 * wrong, so the category is also checked against the channel here.
 */
export function parseNewRequest(fields: unknown): { ok: true; data: NewRequestForm } | { ok: false; errors: FieldError[] } {
  const parsed = newRequestSchema.safeParse(fields);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors = fieldErrorsOf(parsed.error);
  const f = (typeof fields === 'object' && fields !== null ? fields : {}) as Record<string, unknown>;
  const channel = f.channel === 'emergency' || f.channel === 'company' ? f.channel : null;
  if (channel && !errors.some((e) => e.field === 'category') && !(CATEGORIES[channel] as readonly unknown[]).includes(f.category)) {
    errors.splice(0, 0, { field: 'category', message: CATEGORY_MESSAGE });
  }
  if (channel === 'company') {
    for (const e of errors) if (e.field === 'description' && e.message === EMPTY_DESCRIPTION.emergency) e.message = EMPTY_DESCRIPTION.company;
  }
  return { ok: false, errors };
}

export const requestIdSchema = z.number({ error: 'Не указано обращение' }).int().positive('Не указано обращение');
export const requestStatusSchema = z.enum(REQUEST_STATUSES, { error: 'Неизвестный статус обращения' });
