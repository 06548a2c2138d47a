// Exports back to billing: accepted readings of a period and card payments of a date range, as
// CSV or XLSX. Layouts: docs/export.md.
export { exportReadings, READINGS_COLUMNS, type ReadingsExportRequest } from './readings.ts';
export { exportPayments, PAYMENTS_COLUMNS, type PaymentsExportRequest, type PaymentsExportResult } from './payments.ts';
export type { ExportActor, ExportDeps, ExportResult } from './context.ts';
export {
  fileOptionsSchema, paymentsExportSchema, readingsExportSchema, type FileOptionsInput, type PaymentsExportInput, type ReadingsExportInput,
} from './options.ts';
export { paymentsFileNames, readingsFileNames } from './file-names.ts';
