// Console commands: staff. Filled in by the work on issue 3.
export const staffCommands = {} as const;
