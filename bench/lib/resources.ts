/**
 * Things a benchmark must release (stores, etcd processes, temp dirs), so that they
 * are released both in the normal course of a run and when it is interrupted.
 */
export class Resources {
  readonly #open = new Map<number, { readonly name: string; readonly release: () => Promise<void> }>();
  #next = 0;

  /**
   * Registers `release` and returns a function that runs it once (later calls and
   * `releaseAll` then skip it).
   */
  add(name: string, release: () => Promise<void>): () => Promise<void> {
    const id = this.#next++;
    this.#open.set(id, { name, release });
    return async () => {
      if (!this.#open.delete(id)) return;
      await release();
    };
  }

  /** Releases everything still registered, newest first; returns what failed. */
  async releaseAll(): Promise<string[]> {
    const problems: string[] = [];
    for (const [id, resource] of [...this.#open].reverse()) {
      this.#open.delete(id);
      try {
        await resource.release();
      } catch (error) {
        problems.push(`releasing ${resource.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return problems;
  }
}
