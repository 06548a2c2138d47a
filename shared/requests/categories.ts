// What a request is about and where it stands: the channels (emergency dispatch or the
// company's office), their categories and the statuses, with the Russian labels both the site
// and the console show. Stored as these strings (see the 0010 migration).

export const REQUEST_CHANNELS = ['emergency', 'company'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

export const EMERGENCY_CATEGORIES = ['no_water', 'leak', 'no_power', 'heating', 'sewage', 'other'] as const;
export const COMPANY_CATEGORIES = ['billing', 'document', 'other'] as const;
export type EmergencyCategory = (typeof EMERGENCY_CATEGORIES)[number];
export type CompanyCategory = (typeof COMPANY_CATEGORIES)[number];
export type RequestCategory = EmergencyCategory | CompanyCategory;

export const CATEGORIES: Readonly<Record<RequestChannel, readonly RequestCategory[]>> = {
  emergency: EMERGENCY_CATEGORIES,
  company: COMPANY_CATEGORIES,
};

export const CHANNEL_LABELS: Readonly<Record<RequestChannel, string>> = {
  emergency: 'Аварийно-диспетчерская служба',
  company: 'Абонентский отдел',
};

const EMERGENCY_LABELS: Readonly<Record<EmergencyCategory, string>> = {
  no_water: 'Нет воды',
  leak: 'Протечка, затопление',
  no_power: 'Нет электроэнергии',
  heating: 'Отопление',
  sewage: 'Канализация',
  other: 'Другая авария',
};

const COMPANY_LABELS: Readonly<Record<CompanyCategory, string>> = {
  billing: 'Вопрос по начислениям',
  document: 'Справка или документ',
  other: 'Другой вопрос',
};

export function categoryLabel(channel: RequestChannel, category: string): string {
  const labels: Record<string, string> = channel === 'emergency' ? EMERGENCY_LABELS : COMPANY_LABELS;
  return labels[category] ?? category;
}

export const REQUEST_STATUSES = ['new', 'in_work', 'answered', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<RequestStatus, string>> = {
  new: 'Новое',
  in_work: 'В работе',
  answered: 'Дан ответ',
  closed: 'Закрыто',
};

export const isRequestChannel = (v: unknown): v is RequestChannel => v === 'emergency' || v === 'company';

/** «А-000123» for the emergency service, «О-000124» for the company: one sequence, the id. */
export function requestNumber(channel: RequestChannel, id: number): string {
  return `${channel === 'emergency' ? 'А' : 'О'}-${String(id).padStart(6, '0')}`;
}

/** The id in what a clerk types for a number: «А-000123», «a-123», «О123», «123»; else null. */
export function idFromNumber(query: string): number | null {
  const match = /^\s*(?:[АОаоAOao]\s*-?\s*)?0*(\d{1,9})\s*$/.exec(query);
  return match ? Number(match[1]) : null;
}
