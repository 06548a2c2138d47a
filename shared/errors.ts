// Errors a use-case may raise, each with a stable id; the adapters (site, console) map them to
// HTTP statuses or IPC results. Only these messages are ever shown to a user.

export type DomainErrorId =
  | 'validation'
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  | 'conflict'
  | 'rate_limited';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly id: DomainErrorId,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (message = 'Страница не найдена') => new DomainError('not_found', message);
export const forbidden = (message = 'Недостаточно прав') => new DomainError('forbidden', message);
export const unauthenticated = (message = 'Войдите в личный кабинет') => new DomainError('unauthenticated', message);
export const conflict = (message: string) => new DomainError('conflict', message);
export const rateLimited = (message: string) => new DomainError('rate_limited', message);
export const validationFailed = (fieldErrors: FieldError[], message = 'Проверьте введённые данные') =>
  new DomainError('validation', message, fieldErrors);
