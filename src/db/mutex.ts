/**
 * A FIFO mutex: PGlite is one session, so every whole transaction must pass through one lock.
 * The embedded engine runs on this thread and never yields while queued transactions run back
 * to back, so the lock lets the event loop turn (sockets, timers) at least every 10 ms.
 */
const YIELD_EVERY_MS = 10;
let lastTurn = Date.now();
const turn = (): Promise<void> =>
  new Promise((resolve) =>
    setImmediate(() => {
      lastTurn = Date.now();
      resolve();
    }),
  );

export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.#tail;
    this.#tail = prev.then(() => next);
    await prev;
    if (Date.now() - lastTurn > YIELD_EVERY_MS) await turn();
    return release;
  }
}
