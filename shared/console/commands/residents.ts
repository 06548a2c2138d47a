// Console commands: residents. Every one is open to operators as well as administrators: finding
// a resident, blocking, unblocking, re-issuing a password and linking accounts are the front
// office's daily work, and each is written to the audit log with the clerk's name. What only an
// administrator may do is configure the company and read the audit log (audit.ts, settings.ts).
import { z } from 'zod';
import { disconnectAccount, linkAccount, unlinkAccount } from '../../admin/account-links.ts';
import { blockResident, unblockResident, unlockResident } from '../../admin/blocking.ts';
import { reissuePassword } from '../../admin/password-reissue.ts';
import { getResident } from '../../admin/resident-card.ts';
import { listSuspicious, searchAccounts, searchResidents } from '../../admin/residents-search.ts';
import {
  accountLinkSchema, accountSearchSchema, blockSchema, disconnectSchema, residentRefSchema, residentSearchSchema, unblockSchema,
} from '../../admin/schemas.ts';
import { staffCommand } from '../command.ts';

export const residentsCommands = {
  searchResidents: staffCommand({ access: 'staff', input: residentSearchSchema, run: searchResidents }),
  listSuspicious: staffCommand({ access: 'staff', input: z.object({}), run: (ctx) => listSuspicious(ctx) }),
  getResident: staffCommand({ access: 'staff', input: residentRefSchema, run: getResident }),
  searchAccounts: staffCommand({ access: 'staff', input: accountSearchSchema, run: searchAccounts }),
  blockResident: staffCommand({ access: 'staff', input: blockSchema, run: blockResident }),
  unblockResident: staffCommand({ access: 'staff', input: unblockSchema, run: unblockResident }),
  unlockResident: staffCommand({ access: 'staff', input: residentRefSchema, run: unlockResident }),
  reissuePassword: staffCommand({ access: 'staff', input: residentRefSchema, run: reissuePassword }),
  linkAccount: staffCommand({ access: 'staff', input: accountLinkSchema, run: linkAccount }),
  unlinkAccount: staffCommand({ access: 'staff', input: accountLinkSchema, run: unlinkAccount }),
  disconnectAccount: staffCommand({ access: 'staff', input: disconnectSchema, run: disconnectAccount }),
} as const;
