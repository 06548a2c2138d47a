// Console commands: audit. Filled in by the work on issue 3.
export const auditCommands = {} as const;
