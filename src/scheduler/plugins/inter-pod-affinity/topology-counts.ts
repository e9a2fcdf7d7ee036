/** Counts per topology pair (`zone=a`), kept as key -> value -> count. */
export class TopologyCounts {
  readonly #counts = new Map<string, Map<string, number>>();

  add(key: string, value: string | undefined, delta: number): void {
    if (value === undefined) return;
    let values = this.#counts.get(key);
    if (values === undefined) {
      values = new Map();
      this.#counts.set(key, values);
    }
    values.set(value, (values.get(value) ?? 0) + delta);
  }

  get(key: string, value: string | undefined): number {
    return value === undefined ? 0 : (this.#counts.get(key)?.get(value) ?? 0);
  }

  get isEmpty(): boolean {
    return this.#counts.size === 0;
  }

  /** Whether any pair with a nonzero count matches one of these node labels. */
  anyMatch(labels: Readonly<Record<string, string>>): boolean {
    for (const [key, values] of this.#counts) {
      const value = labels[key];
      if (value !== undefined && (values.get(value) ?? 0) > 0) return true;
    }
    return false;
  }

  /** The sum over the pairs matching these node labels. */
  sumFor(labels: Readonly<Record<string, string>>): number {
    let total = 0;
    for (const [key, values] of this.#counts) {
      const value = labels[key];
      if (value !== undefined) total += values.get(value) ?? 0;
    }
    return total;
  }
}
