// Every console command by name, put together from each area's group. Merging the groups with an
// object spread would let a second command of the same name silently replace the first (the
// screens would get one area's answer where they expected the other's), so the registry refuses
// a repeated name: the console and the HTTP bridge fail at start-up instead.
import type { AnyCommand } from './command.ts';

type CommandGroup = Readonly<Record<string, AnyCommand>>;

/** The groups' commands as one object type, each command keeping its own schema and result types. */
type Merged<G extends readonly CommandGroup[]> = G extends readonly [infer First, ...infer Rest extends readonly CommandGroup[]]
  ? First & Merged<Rest>
  : unknown;

export function commandRegistry<const G extends readonly CommandGroup[]>(...groups: G): Readonly<Merged<G>> {
  const registry: Record<string, AnyCommand> = {};
  for (const group of groups) {
    for (const [name, command] of Object.entries(group)) {
      if (Object.hasOwn(registry, name)) throw new Error(`Console command «${name}» is defined twice`);
      registry[name] = command;
    }
  }
  return Object.freeze(registry) as Readonly<Merged<G>>;
}
