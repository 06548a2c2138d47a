// A text field of a submitted form: a missing field reads as '' (an empty input is not sent by
// every client), anything but a string (a repeated field arrives as an array) is refused.
import { z } from 'zod';

export const formText = (message = 'Неверное значение поля') =>
  z.preprocess((value) => (value === undefined || value === null ? '' : value), z.string({ error: message }));
