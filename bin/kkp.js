#!/usr/bin/env node
// `kkp`: the administrators' command line. The commands are TypeScript (cli/kkp.ts), run
// through tsx like the rest of the project, so there is no separate build to forget.
import { register } from 'tsx/esm/api';

register();
await import('../cli/kkp.ts');
