// A pooled connection a write was refused on for lack of write access is of no further use:
// it is marked the way knex marks a broken connection (`__knex__disposed`), and the pool
// destroys it instead of handing it out again, so the next query opens a fresh connection.
// Used by both engines' clients (sqlite-client.ts, pg-client.ts).

export interface PooledConnection {
  __knex__disposed?: unknown;
}

export async function disposeIfCannotWrite<T>(connection: PooledConnection, query: Promise<T>, cannotWrite: (error: unknown) => boolean): Promise<T> {
  try {
    return await query;
  } catch (error) {
    if (cannotWrite(error)) connection.__knex__disposed = error;
    throw error;
  }
}
