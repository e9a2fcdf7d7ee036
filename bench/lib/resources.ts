/**
 * Things a benchmark must release (stores, etcd processes, temp dirs), so that they
 * are released both in the normal course of a run and when it is interrupted.
 */
export class Resources {
  readonly #open = new Map<number, { readonly name: string; readonly release: () => Promise<void> }>();
  /** Releases their owners have started and not finished (failures are the owners' to report). */
  readonly #inFlight = new Map<number, Promise<void>>();
  /** Releases of things registered after `releaseAll` began, and what failed in them. */
  readonly #late: Promise<string | undefined>[] = [];
  #next = 0;
  #releasing = false;

  /** True once `releaseAll` has begun (the run is over or being interrupted). */
  get releasing(): boolean {
    return this.#releasing;
  }

  /**
   * Registers `release` and returns a function that runs it once (later calls and
   * `releaseAll` then skip it). Something registered after `releaseAll` began (by a
   * benchmark still running while an interrupt releases everything) is released at
   * once, and `releaseAll` waits for that too.
   */
  add(name: string, release: () => Promise<void>): () => Promise<void> {
    if (this.#releasing) {
      this.#late.push(release().then(() => undefined, (error: unknown) => problem(name, error)));
      return async () => undefined;
    }
    const id = this.#next++;
    this.#open.set(id, { name, release });
    return async () => {
      if (!this.#open.delete(id)) return;
      const running = release();
      this.#inFlight.set(id, running.catch(() => undefined));
      try {
        await running;
      } finally {
        this.#inFlight.delete(id);
      }
    };
  }

  /** Releases everything still registered, newest first; returns what failed. */
  async releaseAll(): Promise<string[]> {
    this.#releasing = true;
    const problems: string[] = [];
    const ids = [...new Set([...this.#open.keys(), ...this.#inFlight.keys()])].sort((a, b) => b - a);
    for (const id of ids) {
      const resource = this.#open.get(id);
      // What its owner is releasing (or has released) meanwhile: wait for it, so that
      // older things (the temp dir a server writes to) go only after it.
      if (resource === undefined || !this.#open.delete(id)) {
        await this.#inFlight.get(id);
        continue;
      }
      try {
        await resource.release();
      } catch (error) {
        problems.push(problem(resource.name, error));
      }
    }
    // A late release may lead its owner to register (and so release) something else.
    for (let done = 0; done < this.#late.length; done++) {
      const late = await this.#late[done];
      if (late !== undefined) problems.push(late);
    }
    return problems;
  }
}

function problem(name: string, error: unknown): string {
  return `releasing ${name}: ${error instanceof Error ? error.message : String(error)}`;
}
