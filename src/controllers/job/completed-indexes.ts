/**
 * A set of completion indexes in the interval form Job status uses for
 * completedIndexes: "1,3-5,7".
 */
export class CompletedIndexes {
  readonly #indexes: Set<number>;

  private constructor(indexes: Iterable<number>) {
    this.#indexes = new Set(indexes);
  }

  /** Parses `text`, keeping only indexes below `completions`. */
  static parse(text: string | undefined, completions: number): CompletedIndexes {
    const indexes: number[] = [];
    for (const part of (text ?? '').split(',')) {
      if (part === '') continue;
      const [first = '', last = first] = part.split('-');
      const low = Number(first);
      const high = Number(last);
      if (!Number.isInteger(low) || !Number.isInteger(high)) continue;
      for (let index = low; index <= Math.min(high, completions - 1); index++) indexes.push(index);
    }
    return new CompletedIndexes(indexes);
  }

  has(index: number): boolean {
    return this.#indexes.has(index);
  }

  add(index: number): void {
    this.#indexes.add(index);
  }

  get size(): number {
    return this.#indexes.size;
  }

  toString(): string {
    const sorted = [...this.#indexes].sort((a, b) => a - b);
    const parts: string[] = [];
    let start: number | undefined;
    let previous = -2;
    const close = () => {
      if (start !== undefined) parts.push(start === previous ? String(start) : `${start}-${previous}`);
    };
    for (const index of sorted) {
      if (index !== previous + 1) {
        close();
        start = index;
      }
      previous = index;
    }
    close();
    return parts.join(',');
  }
}
