// Where a reading came from (readings.source), in the words residents and clerks read: the site's
// meter page and the console's account view show the same.
export const READING_SOURCE_LABELS: Readonly<Record<string, string>> = {
  resident: 'через личный кабинет',
  billing: 'по данным расчётного центра',
  staff: 'внесено оператором',
  office: 'принято в абонентском отделе',
  phone: 'принято по телефону',
};

export const readingSourceLabel = (source: string): string => READING_SOURCE_LABELS[source] ?? source;
