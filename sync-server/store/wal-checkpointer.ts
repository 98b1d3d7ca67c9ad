/**
 * Checkpoints the relay's SQLite write-ahead log from a worker thread, so the relay's own thread never waits for it.
 *
 * SQLite's default is an automatic checkpoint inside the commit that takes the WAL past 1,000 pages: that commit
 * copies the WAL into the database file and fsyncs it, on the thread that is relaying edits. Traced during the
 * fan-out bench: one commit of 7–13 ms per ~1,000 pages, i.e. one stalled round per run for every room — on its
 * own enough to set the fan-out p99. Here a second connection in a worker runs a PASSIVE checkpoint when the store
 * has written about as much (`written`); WAL mode lets it run while the relay's connection keeps committing.
 *
 * Not on a timer: after a complete checkpoint the next commit restarts the WAL, and that restart syncs the WAL
 * header on the committing thread. Checkpointing every 250 ms made nearly every commit of a quiet relay a restart
 * (traced: a 34 KB commit took 1.2–1.8 ms instead of 0.3–0.5). At ~1,000 pages, restarts are as rare as SQLite's own.
 *
 * The relay's connection keeps a far larger automatic threshold as a fallback, so the WAL stays bounded if the
 * worker ever stops. Costs one V8 isolate (a few MiB of resident memory) per relay process.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The relay connection's own automatic checkpoint, should the worker fall behind or stop (pages of 4 KiB). */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;
/** About this many WAL pages written ask the worker for a checkpoint (SQLite's own default threshold). */
export const CHECKPOINT_PAGES = 1_000;
const PAGE_BYTES = 4096;

// Plain CommonJS evaluated in the worker: no TypeScript loader needed there. Errors (a busy or full disk) wait for
// the next request; the fallback above still bounds the WAL meanwhile.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
parentPort.on('message', (m) => {
  if (m === 'checkpoint') {
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
    return;
  }
  if (m !== 'stop') return;
  try { db.close(); } catch {}
  parentPort.postMessage('stopped');
  parentPort.close();
});
`;

/**
 * WAL pages a commit of rows of `bytes` bytes in all writes: they append to the table's last leaf (a row over a
 * page spills onto pages of its own), plus about two more (the sequence row, an interior page). The estimate only
 * has to be near SQLite's count; measured in WAL frames per commit (20k rows stored): 8 rooms × 30 B 2.3 (estimate
 * 3), one 34 KB row 11.3 (11), one 200 B row 2.1 (3), 3 rooms × 2 KB 6.1 (4).
 */
export function appendPages(bytes: number): number {
  return 2 + Math.ceil(bytes / PAGE_BYTES);
}

/** WAL pages of a catch-up of `rows` rows of `rooms` rooms into update_rooms (room-index.ts): the end of each room's
 * range, often split as it grows (measured: 1,023 rows of 50 rooms, 130 frames; estimate 112), the entries
 * themselves (~40 bytes each) and the watermark. */
export function indexPages(rows: number, rooms: number): number {
  return 2 + 2 * rooms + Math.ceil((rows * 40) / PAGE_BYTES);
}

export class WalCheckpointer {
  private readonly worker: Worker;
  private stopped: Promise<void> | null = null;
  private exited = false;
  /** WAL pages written since the last checkpoint was asked for (an estimate: see `written`). */
  private pages = 0;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file } });
    // Never keeps the relay process alive on its own, and a worker failure (it could not open the file, say) is not
    // the relay's failure: the relay's connection's fallback threshold checkpoints instead.
    this.worker.unref();
    this.worker.on('error', () => undefined);
    this.worker.once('exit', () => (this.exited = true));
  }

  /** False once the worker has exited (it failed, or was stopped). */
  get running(): boolean {
    return !this.exited;
  }

  /** Told after each commit: about how many WAL pages it wrote (appendPages, indexPages). */
  written(pages: number): void {
    this.pages += pages;
    if (this.pages < CHECKPOINT_PAGES || this.exited) return;
    this.pages = 0;
    this.worker.postMessage('checkpoint');
  }

  /** Stops the worker and closes its connection (before the relay's own final checkpoint and close). */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const done = () => resolve();
      this.worker.once('exit', done);
      this.worker.on('message', (m) => {
        if (m === 'stopped') void this.worker.terminate().then(done, done);
      });
      this.worker.postMessage('stop');
      // A worker stuck in a checkpoint must not hold shutdown up.
      setTimeout(() => void this.worker.terminate().then(done, done), 2000).unref();
    });
    return this.stopped;
  }
}
