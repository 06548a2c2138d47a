// The production calendars («производственный календарь») shipped with the program, one JSON file
// per year under data/ (see README.md for the yearly update). Each file lists only the exceptions
// to the Monday–Friday week: weekdays off (holidays and days off moved by the Government's
// decree) and weekend days made working. Files are checked when this module loads, so a typo in
// a date stops the program at start instead of shifting a deadline silently.
import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../time.ts';
import data2026 from './data/2026.json' with { type: 'json' };
import data2027 from './data/2027.json' with { type: 'json' };

const isoDate = z.string().refine(isIsoDate, 'ожидается дата YYYY-MM-DD');

export const calendarFileSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** 'official': per the decree; 'draft': per the Labour Code only, to be replaced. */
    status: z.enum(['official', 'draft']),
    /** Where the days come from: the decree, or that the file is a draft. */
    source: z.string().min(10),
    nonWorkingWeekdays: z.array(isoDate),
    workingWeekends: z.array(isoDate),
  })
  .superRefine((file, ctx) => {
    const check = (list: 'nonWorkingWeekdays' | 'workingWeekends', weekend: boolean) => {
      file[list].forEach((date, i) => {
        if (!date.startsWith(`${file.year}-`)) {
          ctx.addIssue({ code: 'custom', path: [list, i], message: `${date} не относится к ${file.year} году` });
        } else if (isWeekend(date) !== weekend) {
          ctx.addIssue({ code: 'custom', path: [list, i], message: `${date} — ${weekend ? 'будний день, а не выходной' : 'выходной, а не будний день'}` });
        }
      });
    };
    check('nonWorkingWeekdays', false);
    check('workingWeekends', true);
  });

export type CalendarFile = z.infer<typeof calendarFileSchema>;

export interface YearCalendar {
  year: number;
  status: CalendarFile['status'];
  source: string;
  nonWorkingWeekdays: ReadonlySet<IsoDate>;
  workingWeekends: ReadonlySet<IsoDate>;
}

/** Saturday or Sunday (the date is read as a calendar date, with no time zone involved). */
export function isWeekend(date: IsoDate): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/** Validates one file's contents; throws an Error naming the file's year and every bad entry. */
export function parseCalendarFile(raw: unknown): YearCalendar {
  const parsed = calendarFileSchema.safeParse(raw);
  if (!parsed.success) {
    const year = (raw as { year?: unknown } | null)?.year;
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Производственный календарь${typeof year === 'number' ? ` на ${year} год` : ''} содержит ошибки: ${problems}`);
  }
  const f = parsed.data;
  return { year: f.year, status: f.status, source: f.source, nonWorkingWeekdays: new Set(f.nonWorkingWeekdays), workingWeekends: new Set(f.workingWeekends) };
}

/** Every shipped year, by year. Add a year: put its JSON file in data/ and import it above. */
export const SHIPPED_CALENDARS: ReadonlyMap<number, YearCalendar> = new Map(
  [data2026, data2027].map(parseCalendarFile).map((c) => [c.year, c]),
);
