// A fake console API for store tests: each test gives the calls it expects; every call is
// recorded; a call nobody expected fails the test. A fresh Pinia per test keeps stores apart.
import { createPinia, setActivePinia } from 'pinia';
import { setApi } from '../../../desktop/renderer/src/api.ts';
import type { CallName, ConsoleCalls } from '../../../desktop/renderer/src/calls.ts';
import { ConsoleError } from '../../../shared/console/client.ts';

export interface Recorded {
  name: CallName;
  input: unknown;
}

export interface Fake {
  calls: Recorded[];
  /** Inputs of every call to `name`, in order. */
  inputs<K extends CallName>(name: K): Parameters<ConsoleCalls[K]>[0][];
}

export function useFakeApi(handlers: Partial<ConsoleCalls>): Fake {
  setActivePinia(createPinia());
  const calls: Recorded[] = [];
  const api = new Proxy({} as ConsoleCalls, {
    get(_target, name: string) {
      return (input: unknown) => {
        calls.push({ name: name as CallName, input });
        const handler = handlers[name as CallName] as ((input: unknown) => Promise<unknown>) | undefined;
        if (!handler) return Promise.reject(new Error(`unexpected call ${name}`));
        return handler(input);
      };
    },
  });
  setApi(api);
  return {
    calls,
    inputs: <K extends CallName>(name: K) => calls.filter((call) => call.name === name).map((call) => call.input as Parameters<ConsoleCalls[K]>[0]),
  };
}

/** A promise the test settles when it chooses, to hold a call "in flight". */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function refusal(id: string, message: string, fields: Record<string, string> = {}): ConsoleError {
  return new ConsoleError(id, message, Object.entries(fields).map(([field, text]) => ({ field, message: text })));
}
