/** A typed key into CycleState; plugins keep theirs private. */
export class StateKey<T> {
  readonly name: string;
  declare readonly _type: T;

  constructor(name: string) {
    this.name = name;
  }
}

/**
 * Data one scheduling cycle shares between extension points (what PreFilter
 * computed for Filter, PreScore for Score). Built per pod attempt, then dropped.
 */
export class CycleState {
  readonly #values = new Map<StateKey<unknown>, unknown>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run this cycle. */
  readonly skipFilter = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run this cycle. */
  readonly skipScore = new Set<string>();

  write<T>(key: StateKey<T>, value: T): void {
    this.#values.set(key, value);
  }

  read<T>(key: StateKey<T>): T | undefined {
    return this.#values.get(key) as T | undefined;
  }
}
