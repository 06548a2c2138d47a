// Whether a resident's readings for one meter can be accepted, by the checks real billing
// systems make (ПП № 354). Pure: the caller loads the meter, the previous readings and settings.
import { OFFICE } from '../vocabulary.ts';
import { formatPeriodRu, periodOf, type Period } from '../period.ts';
import { formatDateRu, type IsoDate } from '../time.ts';
import { formatReading, parseReading } from './decimal.ts';
import { jumpThresholdMilli, monthsBetween } from './jump.ts';
import { isWindowOpen, windowClosedMessage, type ReadingsWindow } from './window.ts';
import { MAX_ZONES, zoneName, zoneNumbers } from './zones.ts';

export interface MeterForValidation {
  id: number;
  serial: string;
  serviceName: string;
  /** 1, 2 (day/night) or 3 (peak/half-peak/night). */
  zones: number;
  /** Digits after the comma the register shows, 0–3. */
  precision: number;
  /** The last day readings are accepted; after it the meter counts as broken. */
  verificationDue: IsoDate;
  archived: boolean;
  /** The service's unit ('м³', 'кВт·ч', 'Гкал'): shown in messages, and sets the jump floor. */
  unit?: string;
}

/** The last accepted value of a zone before the current period. */
export interface PreviousReading {
  zone: number;
  valueMilli: number;
  period: Period;
}

export interface SubmissionInput {
  meter: MeterForValidation;
  /** The company-local date; the reading is for its month. */
  today: IsoDate;
  window: ReadingsWindow;
  /** Zone number (1..zones) → the text the resident typed. */
  values: Record<number, string>;
  previous: PreviousReading[];
  /** A value was already accepted for this period: this one corrects it. */
  existingThisPeriod: boolean;
  /** The resident confirmed the value after a jump warning. */
  confirmedJump: boolean;
  /** Average monthly consumption in thousandths, if known. */
  typicalMonthlyMilli?: number;
}

export type ReadingErrorCode =
  | 'window_closed'
  | 'meter_archived'
  | 'verification_expired'
  | 'missing_value'
  | 'unknown_zone'
  | 'invalid_value'
  | 'lower_than_previous';

export interface ReadingError {
  /** Absent when the whole meter is refused. */
  zone?: number;
  code: ReadingErrorCode;
  message: string;
}

export interface ReadingWarning {
  zone: number;
  message: string;
}

export interface AcceptedValue {
  zone: number;
  valueMilli: number;
}

export type ValidationResult =
  | { ok: true; values: AcceptedValue[]; correction: boolean }
  | { ok: false; errors: ReadingError[]; needsConfirmation?: undefined }
  | { ok: false; needsConfirmation: true; warnings: ReadingWarning[] };

const meterTitle = (m: MeterForValidation) => `счётчик № ${m.serial} (${m.serviceName})`;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** «Счётчик № 123 (Электроснабжение), зона «ночь (Т2)»» — the subject of a zone's message. */
function subject(meter: MeterForValidation, zone: number): string {
  const name = zoneName(meter.zones, zone);
  return capitalize(meterTitle(meter)) + (name ? `, зона «${name}»` : '');
}

/** Refusals of the whole meter. Archived and expired come first: waiting for the window won't help. */
function meterRefusal(input: SubmissionInput): ReadingError | null {
  const { meter, today } = input;
  const title = capitalize(meterTitle(meter));
  if (meter.archived) {
    return {
      code: 'meter_archived',
      message: `${title} снят с учёта, показания по нему не принимаются. Если вы заменили счётчик, передавайте показания нового счётчика; если его нет в списке, обратитесь в ${OFFICE.accusative}.`,
    };
  }
  if (today > meter.verificationDue) {
    return {
      code: 'verification_expired',
      message: `Срок поверки счётчика № ${meter.serial} (${meter.serviceName}) истёк ${formatDateRu(meter.verificationDue)}. Показания по нему не принимаются: без поверки счётчик считается неисправным, и начисление идёт по среднему потреблению, а затем по нормативу. Закажите поверку или замену счётчика и передайте документы в ${OFFICE.accusative}.`,
    };
  }
  if (!isWindowOpen(today, input.window)) {
    return { code: 'window_closed', message: windowClosedMessage(today, input.window) };
  }
  return null;
}

/** Errors for zones the meter does not have and zones left empty. */
function zoneErrors(meter: MeterForValidation, values: Record<number, string>): ReadingError[] {
  const errors: ReadingError[] = [];
  const zones = zoneNumbers(meter.zones);
  for (const key of Object.keys(values)) {
    const zone = /^\d+$/.test(key) ? Number(key) : undefined;
    if (zone !== undefined && zones.includes(zone)) continue;
    const message =
      meter.zones === 1
        ? `${capitalize(meterTitle(meter))} однотарифный: передайте одно показание.`
        : `У счётчика № ${meter.serial} (${meter.serviceName}) нет зоны ${zone === undefined ? `«${key}»` : `Т${zone}`}. Передайте показания по зонам: ${zones.map((z) => zoneName(meter.zones, z)).join(', ')}.`;
    if (errors.some((e) => e.message === message)) continue; // a single-tariff meter says it once
    errors.push({ ...(zone === undefined ? {} : { zone }), code: 'unknown_zone', message });
  }
  for (const zone of zones) {
    if ((values[zone] ?? '').trim() === '') {
      errors.push({ zone, code: 'missing_value', message: `${subject(meter, zone)}: введите показание.` });
    }
  }
  return errors;
}

function latestBefore(previous: PreviousReading[], zone: number, period: Period): PreviousReading | undefined {
  let latest: PreviousReading | undefined;
  for (const p of previous) {
    if (p.zone !== zone || p.period >= period) continue;
    if (!latest || p.period > latest.period) latest = p;
  }
  return latest;
}

const withUnit = (text: string, unit: string | undefined) => (unit ? `${text} ${unit}` : text);

type ZoneCheck =
  | { error: ReadingError }
  | { value: AcceptedValue; warning?: ReadingWarning };

/** One zone's value: a number of the meter's precision, not below the previous, not a jump. */
function checkZone(input: SubmissionInput, zone: number, text: string): ZoneCheck {
  const { meter } = input;
  const parsed = parseReading(text, meter.precision);
  if (!parsed.ok) {
    return { error: { zone, code: 'invalid_value', message: `${subject(meter, zone)}: ${lowerFirst(parsed.message)}` } };
  }
  const value = { zone, valueMilli: parsed.milli };
  const period = periodOf(input.today);
  const prev = latestBefore(input.previous, zone, period);
  if (!prev) return { value }; // the first reading of a meter, or of a new one after replacement

  const prevText = `${formatReading(prev.valueMilli, meter.precision)}, за ${formatPeriodRu(prev.period)}`;
  if (parsed.milli < prev.valueMilli) {
    return {
      error: {
        zone,
        code: 'lower_than_previous',
        message: `${subject(meter, zone)}: показание не может быть меньше предыдущего (${prevText}). Проверьте цифры. Если счётчик заменили, сообщите об этом в ${OFFICE.accusative}, чтобы зарегистрировать новый.`,
      },
    };
  }
  const rise = parsed.milli - prev.valueMilli;
  const threshold = jumpThresholdMilli({
    unit: meter.unit,
    typicalMonthlyMilli: input.typicalMonthlyMilli,
    months: monthsBetween(prev.period, period),
  });
  if (rise <= threshold) return { value };
  const warning = {
    zone,
    message: `${subject(meter, zone)}: показание больше предыдущего (${prevText}) на ${withUnit(formatReading(rise, meter.precision), meter.unit)} — это необычно много. Проверьте цифры.`,
  };
  return { value, warning };
}

/**
 * Hard errors (the meter refused, a value missing or wrong) come before jump warnings; all of a
 * meter's zone errors are reported at once, for one error summary.
 */
export function validateSubmission(input: SubmissionInput): ValidationResult {
  const { meter } = input;
  if (!Number.isInteger(meter.zones) || meter.zones < 1 || meter.zones > MAX_ZONES) {
    throw new RangeError(`Meter ${meter.id} has ${meter.zones} zones; 1–${MAX_ZONES} are supported`);
  }
  const refusal = meterRefusal(input);
  if (refusal) return { ok: false, errors: [refusal] };

  const errors = zoneErrors(meter, input.values);
  const warnings: ReadingWarning[] = [];
  const accepted: AcceptedValue[] = [];
  for (const zone of zoneNumbers(meter.zones)) {
    const text = input.values[zone];
    if (text === undefined || text.trim() === '') continue; // reported as missing above
    const check = checkZone(input, zone, text);
    if ('error' in check) {
      errors.push(check.error);
      continue;
    }
    accepted.push(check.value);
    if (check.warning) warnings.push(check.warning);
  }

  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => (a.zone ?? 0) - (b.zone ?? 0)) };
  if (warnings.length > 0 && !input.confirmedJump) return { ok: false, needsConfirmation: true, warnings };
  return { ok: true, values: accepted, correction: input.existingThisPeriod };
}
