// The words residents read, in one place, so pages, messages and letters say the same thing the
// same way: the company's office is «абонентский отдел» everywhere (never «управляющая
// компания» in one message and «офис» in another), billing's inner workings are not named, and a
// forgotten password is restored on the site, not only at the counter. A test reads every
// resident-facing source for the phrases on the banned list.

/** The office residents deal with, in the cases sentences need. */
export const OFFICE = {
  nominative: 'абонентский отдел',
  genitive: 'абонентского отдела',
  dative: 'абонентскому отделу',
  accusative: 'абонентский отдел',
  prepositional: 'абонентском отделе',
} as const;

/** A card payment the bank confirmed that the month's figures do not show yet. */
export const PAYMENT_AWAITING_FIGURES = 'оплачено, в начислениях появится после обработки';

/**
 * Paying on the site is off (no provider). «Оплата на сайте», not «картой»: where it works, СБП
 * may be offered beside cards.
 */
export const PAY_ONLINE_UNAVAILABLE = 'Оплата на сайте сейчас недоступна. Оплатить можно по квитанции в банке, в приложении банка по QR-коду или в кассе.';

/** Where a forgotten password is restored (the site's page), for messages and help. */
export const FORGOT_PASSWORD_PATH = '/forgot-password';

/**
 * Phrases a resident must not read: other names for the office, the billing system's jargon.
 * Each with the reason, for the test's failure message.
 */
export const BANNED_FOR_RESIDENTS: readonly { phrase: RegExp; why: string }[] = [
  { phrase: /управляющ\S* компани/i, why: 'the office is «абонентский отдел»' },
  { phrase: /биллинг/i, why: 'residents do not know the billing system; say «начисления»' },
  { phrase: /парол\S*,? выданн\S* абонентским отделом/i, why: 'self-registered residents got their password by e-mail' },
];
