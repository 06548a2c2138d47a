// Turning a zod failure into field errors with Russian messages, for forms and IPC alike.
import type { z } from 'zod';
import { validationFailed, type FieldError } from './errors.ts';
import { normalizeInput } from './text.ts';

export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || 'form', message: issue.message }));
}

/**
 * Parses input with a schema or throws a DomainError('validation') listing every bad field.
 * Every typed string is normalised first (text.ts): one rule for all forms and console commands.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const { value, refused } = normalizeInput(input);
  if (refused.length > 0) throw validationFailed(refused.map(({ path, message }) => ({ field: path, message })));
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(fieldErrorsOf(result.error));
  return result.data;
}
