// A period's statement: its charges by service and the balance lines of the receipt. The charges
// page reads them in one statement (charges-page.ts); this module gives them their shape.
import type { Period } from '../period.ts';

export interface ChargeLine {
  serviceCode: string;
  serviceName: string;
  unit: string;
  volumeMilli: number | null;
  volumeCommonMilli: number | null;
  tariffMkop: number | null;
  charged: number;
  recalculation: number;
  recalculationReason: string | null;
  benefits: number;
  penalties: number;
  total: number;
}

export interface PeriodStatement {
  period: Period;
  lines: ChargeLine[];
  totals: { charged: number; recalculation: number; benefits: number; penalties: number; total: number };
  balance: {
    openingBalance: number;
    charged: number;
    paid: number;
    penalties: number;
    totalDue: number;
    paidUntil: string | null;
    dueDate: string | null;
  } | null;
}

/** A period's statement from its lines and balance: the totals are the lines' sums. */
export function periodStatement(period: Period, lines: ChargeLine[], balance: PeriodStatement['balance']): PeriodStatement {
  const sum = (pick: (l: ChargeLine) => number) => lines.reduce((acc, l) => acc + pick(l), 0);
  return {
    period,
    lines,
    totals: {
      charged: sum((l) => l.charged),
      recalculation: sum((l) => l.recalculation),
      benefits: sum((l) => l.benefits),
      penalties: sum((l) => l.penalties),
      total: sum((l) => l.total),
    },
    balance,
  };
}
