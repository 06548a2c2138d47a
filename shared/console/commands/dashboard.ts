// Console command: the home screen's day (applications due, emergencies open, readings and
// payments) as numbers and two small series. Counts only: no resident's data leaves, so no audit.
import { z } from 'zod';
import { getDashboard } from '../../dashboard/today.ts';
import { staffCommand } from '../command.ts';

export const dashboardCommands = {
  getDashboard: staffCommand({ access: 'staff', input: z.object({}), run: (ctx) => getDashboard(ctx) }),
} as const;
