// File names of exports: a Latin one for the command line and as the fallback of a download, and
// a Russian one a clerk sees in the browser's downloads.
import { extensionOf, type ExportFormat } from './options.ts';

export interface ExportFileNames {
  /** readings-2026-11.csv */
  ascii: string;
  /** Показания 2026-11.csv */
  russian: string;
}

export function readingsFileNames(period: string, format: ExportFormat): ExportFileNames {
  const ext = extensionOf(format);
  return { ascii: `readings-${period}.${ext}`, russian: `Показания ${period}.${ext}` };
}

export function paymentsFileNames(from: string, to: string, format: ExportFormat): ExportFileNames {
  const ext = extensionOf(format);
  const dates = from === to ? from : `${from}_${to}`;
  return { ascii: `payments-${dates}.${ext}`, russian: `Оплаты картой ${from === to ? from : `${from} — ${to}`}.${ext}` };
}
