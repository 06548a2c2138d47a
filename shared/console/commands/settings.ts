// Console commands: settings. Filled in by the work on issue 3.
export const settingsCommands = {} as const;
