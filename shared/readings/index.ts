// Meter readings: parsing and formatting values, the submission window, validation, input schemas, sources.
export {
  MAX_READING_MILLI,
  formatReading,
  parseReading,
  toReadingMilli,
  type ParseReadingResult,
  type ReadingMilliResult,
  type ReadingRefusal,
} from './decimal.ts';
export {
  DEFAULT_READINGS_WINDOW,
  describeReadingsWindow,
  isWindowOpen,
  nextWindow,
  readingsWindowSchema,
  windowClosedMessage,
  windowInPeriod,
  type ReadingsWindow,
  type WindowDates,
} from './window.ts';
export { MAX_ZONES, zoneName, zoneNumbers } from './zones.ts';
export { READING_SOURCE_LABELS, readingSourceLabel } from './sources.ts';
export { JUMP_FLOOR_UNITS_DEFAULT, JUMP_TYPICAL_MONTHS, jumpThresholdMilli, type JumpCheck } from './jump.ts';
export {
  validateSubmission,
  type AcceptedValue,
  type MeterForValidation,
  type PreviousReading,
  type ReadingError,
  type ReadingErrorCode,
  type ReadingWarning,
  type SubmissionInput,
  type ValidationResult,
} from './validate.ts';
export { readingFieldName, readingFormSchema, readingSubmissionSchema, type ReadingSubmission } from './schema.ts';
