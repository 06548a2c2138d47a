// Console commands: applications. Filled in by the work on issue 3.
export const applicationsCommands = {} as const;
