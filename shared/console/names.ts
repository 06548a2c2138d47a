// The command names as a runtime list, for the preload (which exposes one method per name and
// cannot import the commands themselves). `api.ts` proves at compile time that it is complete.
export const COMMAND_NAMES = [
  // staff
  'signIn',
  'signOut',
  'currentStaff',
  'changeOwnPassword',
  'listStaff',
  'createStaff',
  'updateStaff',
  'resetStaffPassword',
  // applications
  'listApplications',
  'getApplication',
  'approveApplication',
  'rejectApplication',
  // residents
  'searchResidents',
  'listSuspicious',
  'getResident',
  'searchAccounts',
  'blockResident',
  'unblockResident',
  'reissuePassword',
  'linkAccount',
  'unlinkAccount',
  'disconnectAccount',
  // audit
  'listAudit',
  // settings
  'getSettings',
  'updateSettings',
  // notices (mass notifications)
  'previewNotice',
  'sendNotice',
  'listNotices',
  'getNotice',
  'listBuildings',
  // dashboard
  'getDashboard',
] as const;
