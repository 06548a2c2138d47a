// Every string a form sends is normalised once, before any route sees it (shared/text.ts: NFC,
// zero-width and bidirectional controls removed). A control character refuses the request with
// the reason: no form of the site has a use for one, and stored it would show as garbage.
import type { Middleware } from 'koa';
import { DomainError } from '../../shared/errors.ts';
import { normalizeInput } from '../../shared/text.ts';
import type { SiteState } from '../context.ts';

export function typedText(): Middleware<SiteState> {
  return async function typedTextMiddleware(ctx, next) {
    const body: unknown = ctx.request.body;
    if (body !== null && typeof body === 'object') {
      const { value, refused } = normalizeInput(body);
      if (refused[0]) throw new DomainError('validation', `${refused[0].message}. Вернитесь назад и исправьте текст`);
      ctx.request.body = value;
    }
    await next();
  };
}
