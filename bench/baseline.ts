// The reference every HTTP benchmark is compared with: a bare Koa 'hello' in its own process.
import type { BenchSettings } from './context.ts';
import { runLoad, type LoadResult } from './load.ts';
import { startServerChild } from './servers/child.ts';

const HELLO_SERVER = new URL('./servers/hello.ts', import.meta.url);

export async function measureHello(s: BenchSettings): Promise<LoadResult> {
  const hello = await startServerChild(HELLO_SERVER);
  try {
    return await runLoad({ url: `${hello.url}/`, connections: s.connections, durationS: s.durationS, warmupS: s.warmupS, server: hello });
  } finally {
    await hello.stop();
  }
}
