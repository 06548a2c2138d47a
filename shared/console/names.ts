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
  'unlockResident',
  'getAccountView',
  'takeReading',
  'reissuePassword',
  'linkAccount',
  'unlinkAccount',
  'disconnectAccount',
  // audit
  'listAudit',
  // settings
  'getSettings',
  'getConsoleService',
  'updateSettings',
  // requests and feedback
  'listRequests',
  'getRequest',
  'getRequestPhoto',
  'assignRequest',
  'setRequestStatus',
  'replyToRequest',
  'addInternalNote',
  'listFeedback',
  'setFeedbackStatus',
  'replyToFeedback',
  // exports
  'exportReadings',
  'exportPayments',
  // receipts
  'printReceipts',
  'getPrintProgress',
  'cancelPrint',
  'listBuildings',
  'latestBilledPeriod',
  // billing exchange
  'listImportMappings',
  'listImports',
  'getImport',
  'undoImport',
  'previewImport',
  'startImport',
  'getImportProgress',
  'cancelImport',
  // making a mapping («Новый источник»)
  'readRawRows',
  'listImportFields',
  'listServices',
  'getImportMapping',
  'saveImportMapping',
  'addImportMappingValues',
  'deleteImportMapping',
  // notices (mass notifications)
  'previewNotice',
  'sendNotice',
  'listNotices',
  'getNotice',
  // dashboard
  'getDashboard',
] as const;
