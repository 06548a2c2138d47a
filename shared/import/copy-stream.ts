// One PostgreSQL COPY FROM STDIN that rows can be added to batch after batch. A COPY per batch
// made the import wait, after each batch, for the database to have taken all of it before the
// next could start: on two cores the reading thread then sat idle ~15 % of a million-row charges
// import while PostgreSQL worked, and PostgreSQL idled while the next batch was read. A COPY left
// open takes each batch as soon as the socket does; only `end` waits for the database.
//
// While it is open the connection runs nothing else: its owner must `end` it before any other
// statement on that connection (a statement queued behind it would wait for ever).
import { from as copyFrom } from 'pg-copy-streams';

interface PgConnection {
  query(stream: NodeJS.WritableStream): NodeJS.WritableStream;
}

export class OpenCopy {
  private readonly stream: NodeJS.WritableStream;
  private readonly done: Promise<void>;
  private failure: { error: unknown } | null = null;

  /** `key`: what the COPY is into (table and columns), for the owner to tell whether rows may join it. */
  constructor(connection: unknown, table: string, columns: readonly string[], readonly key: string) {
    this.stream = (connection as PgConnection).query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(',')}) FROM STDIN`));
    this.done = new Promise<void>((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', (error: unknown) => {
        this.failure = { error };
        reject(error);
      });
    });
    // Reported by the next write or by end(), whichever comes first.
    this.done.catch(() => undefined);
  }

  /** Sends rows already in COPY's text format; waits only while the socket's buffer is full. */
  async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure.error;
    if (this.stream.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (error: unknown) => {
        this.stream.off('drain', onDrain);
        reject(error);
      };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }

  /** Ends the COPY and waits until the database has taken every row (or refused them). */
  async end(): Promise<void> {
    if (!this.failure) this.stream.end();
    await this.done;
  }
}
