// Account numbers («лицевой счёт») are digits; leading zeros matter, so they stay strings.
import { z } from 'zod';

export const accountNumberSchema = z
  .string()
  .trim()
  .regex(/^\d{4,20}$/, 'Номер лицевого счёта — от 4 до 20 цифр');

export type AccountNumber = z.infer<typeof accountNumberSchema>;
