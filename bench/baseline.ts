// The reference every HTTP benchmark is compared with: a bare Koa 'hello' in its own process,
// measured in turns with what it is compared with (load.ts runLoadsInTurns): on this kind of
// machine the speed drifts from minute to minute, and a ratio of two figures taken at different
// moments would measure that as much as the code.
import type { BenchSettings } from './context.ts';
import { runLoadsInTurns, type LoadOptions, type LoadResult } from './load.ts';
import { startServerChild } from './servers/child.ts';

const HELLO_SERVER = new URL('./servers/hello.ts', import.meta.url);

/** Hello and `target` in `turns` turns each (hello first), with the same settings. */
export async function measureWithHello(s: BenchSettings, target: LoadOptions, turns: number): Promise<{ hello: LoadResult; result: LoadResult }> {
  const server = await startServerChild(HELLO_SERVER);
  try {
    const hello = { url: `${server.url}/`, connections: s.connections, durationS: s.durationS, warmupS: s.warmupS, server };
    const [helloResult, result] = await runLoadsInTurns([hello, target], turns);
    if (!helloResult || !result) throw new Error('runLoadsInTurns returned fewer results than targets');
    return { hello: helloResult, result };
  } finally {
    await server.stop();
  }
}
