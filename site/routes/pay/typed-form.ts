// The pay form as typed, for showing it again after a refusal: what the resident entered stays
// in the fields, whichever page the form was on (/pay signed in, or a receipt's /p/<token>).
import type { PaymentMethod } from '../../../shared/payments/provider.ts';

export interface TypedPayForm {
  amount: string;
  email: string;
  method: PaymentMethod;
}

export function typedPayForm(body: Record<string, unknown>): TypedPayForm {
  return {
    amount: typeof body.amount === 'string' ? body.amount : '',
    email: typeof body.email === 'string' ? body.email : '',
    method: body.method === 'sbp' ? 'sbp' : 'card',
  };
}
