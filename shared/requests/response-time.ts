// How long a request waited for its first reply, as clerks read it: «45 мин», «2 ч 05 мин».

export function minutesBetween(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / 60_000));
}

export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} мин`;
  return `${hours} ч ${String(rest).padStart(2, '0')} мин`;
}
