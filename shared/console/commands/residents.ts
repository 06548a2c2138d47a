// Console commands: residents. Filled in by the work on issue 3.
export const residentsCommands = {} as const;
