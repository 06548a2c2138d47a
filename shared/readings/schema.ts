// The readings submission as the site's form posts it and the console's IPC passes it. Only the
// shape is checked here; whether the values can be accepted is validateSubmission's job.
import { z } from 'zod';
import { MAX_ZONES } from './zones.ts';

const meterIdSchema = z.coerce
  .number({ error: 'Выберите счётчик' })
  .int('Выберите счётчик')
  .positive('Выберите счётчик');

const readingTextSchema = z
  .string({ error: 'Неверное значение показания' })
  .max(40, 'Слишком длинное показание');

/** A checkbox: 'on' (or 'true') when ticked, absent when not; a boolean over IPC. */
const checkboxSchema = z
  .union([z.boolean(), z.enum(['on', 'true', 'false', ''])], { error: 'Неверное значение отметки' })
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true');

const zoneSchema = z.number().int().min(1).max(MAX_ZONES);

/** The structured submission, e.g. the console's IPC argument. */
export const readingSubmissionSchema = z.object({
  meterId: meterIdSchema,
  values: z.record(zoneSchema, readingTextSchema, { error: 'Нет такой зоны счётчика' }),
  confirmJump: checkboxSchema,
});

export type ReadingSubmission = z.output<typeof readingSubmissionSchema>;

/** The form field of a zone's value: 'value_2'. Errors of zone N belong to this field. */
export function readingFieldName(zone: number): string {
  return `value_${zone}`;
}

const formFields = {
  meterId: meterIdSchema,
  confirmJump: checkboxSchema,
  value_1: readingTextSchema.optional(),
  value_2: readingTextSchema.optional(),
  value_3: readingTextSchema.optional(),
} satisfies Record<string, z.ZodType>;

/**
 * The site's flat form body (meterId, value_1…value_3, confirmJump) → ReadingSubmission. Empty
 * fields are dropped, so an empty zone the meter has is reported as missing, and an empty field
 * the meter does not have is ignored. Other fields (the CSRF token) are stripped.
 */
export const readingFormSchema = z.object(formFields).transform(({ meterId, confirmJump, ...fields }): ReadingSubmission => {
  const values: Record<number, string> = {};
  [fields.value_1, fields.value_2, fields.value_3].forEach((text, i) => {
    if (text !== undefined && text.trim() !== '') values[i + 1] = text;
  });
  return { meterId, values, confirmJump };
});
