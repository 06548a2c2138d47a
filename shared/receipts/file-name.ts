// File names of receipts: Russian for people (Content-Disposition filename*), with a Latin
// fallback for old clients.
import type { Period } from '../period.ts';

export function receiptFileName(accountNumber: string, period: Period): { utf8: string; ascii: string } {
  return { utf8: `Квитанция ${accountNumber} за ${period}.pdf`, ascii: `kvitanciya-${accountNumber}-${period}.pdf` };
}

/** One PDF with every receipt of a period (and building). */
export function bulkReceiptsFileName(period: Period, buildingLabel: string | null): string {
  const where = buildingLabel ? ` ${buildingLabel.replace(/[\\/:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim()}` : '';
  return `Квитанции за ${period}${where}.pdf`;
}
