// Console commands: mass notices (a planned outage or an announcement to every resident, one
// building or debtors) and their delivery status. Operators and administrators alike send them:
// telling a building that the water is off tomorrow is the front office's daily work. Sending is
// audited ('notice.send'); so is opening a notice whose failed deliveries name residents.
import {
  getNotice, listNotices, noticeListSchema, noticePreviewSchema, noticeRefSchema, noticeSendSchema, previewNotice, sendNotice,
} from '../../notifications/notices.ts';
import { staffCommand } from '../command.ts';

export const noticesCommands = {
  previewNotice: staffCommand({ access: 'staff', input: noticePreviewSchema, run: previewNotice }),
  sendNotice: staffCommand({ access: 'staff', input: noticeSendSchema, run: sendNotice }),
  listNotices: staffCommand({ access: 'staff', input: noticeListSchema, run: listNotices }),
  getNotice: staffCommand({ access: 'staff', input: noticeRefSchema, run: getNotice }),
} as const;
