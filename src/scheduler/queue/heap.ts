/** A binary heap with keyed removal and update (the queue's activeQ and backoffQ). */
export class Heap<T> {
  readonly #items: T[] = [];
  readonly #index = new Map<string, number>();
  readonly #key: (item: T) => string;
  readonly #less: (a: T, b: T) => boolean;

  constructor(key: (item: T) => string, less: (a: T, b: T) => boolean) {
    this.#key = key;
    this.#less = less;
  }

  get size(): number {
    return this.#items.length;
  }

  has(key: string): boolean {
    return this.#index.has(key);
  }

  get(key: string): T | undefined {
    const at = this.#index.get(key);
    return at === undefined ? undefined : this.#items[at];
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  /** Adds the item, or replaces the one with the same key and restores the order. */
  push(item: T): void {
    const key = this.#key(item);
    const at = this.#index.get(key);
    if (at !== undefined) {
      this.#items[at] = item;
      this.#fix(at);
      return;
    }
    this.#items.push(item);
    this.#index.set(key, this.#items.length - 1);
    this.#up(this.#items.length - 1);
  }

  pop(): T | undefined {
    const top = this.#items[0];
    if (top !== undefined) this.#removeAt(0);
    return top;
  }

  delete(key: string): T | undefined {
    const at = this.#index.get(key);
    if (at === undefined) return undefined;
    const item = this.#items[at];
    this.#removeAt(at);
    return item;
  }

  values(): readonly T[] {
    return this.#items;
  }

  #removeAt(at: number): void {
    const last = this.#items.length - 1;
    this.#index.delete(this.#key(this.#items[at] as T));
    if (at !== last) {
      const moved = this.#items[last] as T;
      this.#items[at] = moved;
      this.#index.set(this.#key(moved), at);
    }
    this.#items.pop();
    if (at < this.#items.length) this.#fix(at);
  }

  #fix(at: number): void {
    if (!this.#up(at)) this.#down(at);
  }

  #up(start: number): boolean {
    let at = start;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.#less(this.#items[at] as T, this.#items[parent] as T)) break;
      this.#swap(at, parent);
      at = parent;
    }
    return at !== start;
  }

  #down(start: number): void {
    let at = start;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.#items.length) return;
      const right = left + 1;
      let child = left;
      if (right < this.#items.length && this.#less(this.#items[right] as T, this.#items[left] as T)) child = right;
      if (!this.#less(this.#items[child] as T, this.#items[at] as T)) return;
      this.#swap(at, child);
      at = child;
    }
  }

  #swap(a: number, b: number): void {
    const first = this.#items[a] as T;
    const second = this.#items[b] as T;
    this.#items[a] = second;
    this.#items[b] = first;
    this.#index.set(this.#key(second), a);
    this.#index.set(this.#key(first), b);
  }
}
