/** The shape of a JSON document: objects with every key in order (duplicates too), arrays, and scalars. */
export type JsonNode =
  | { readonly type: 'object'; readonly entries: readonly (readonly [string, JsonNode])[] }
  | { readonly type: 'array'; readonly items: readonly JsonNode[] }
  | { readonly type: 'scalar' };

const SCALAR: JsonNode = { type: 'scalar' };

/**
 * Reads JSON that JSON.parse has accepted, keeping every key of every object in
 * order, duplicates included, which JSON.parse drops; scalar values are not kept.
 */
class JsonScanner {
  readonly #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  value(): JsonNode {
    this.#space();
    const char = this.#text[this.#at];
    if (char === '{') return this.#object();
    if (char === '[') return this.#array();
    if (char === '"') this.#string();
    else while (this.#at < this.#text.length && !',]} \t\r\n'.includes(this.#text[this.#at] ?? '')) this.#at += 1;
    return SCALAR;
  }

  #object(): JsonNode {
    const entries: (readonly [string, JsonNode])[] = [];
    this.#at += 1;
    while (this.#next() === '"') {
      const key = this.#string();
      this.#next(); // the colon
      this.#at += 1;
      entries.push([key, this.value()]);
      if (this.#next() === ',') this.#at += 1;
    }
    this.#at += 1;
    return { type: 'object', entries };
  }

  #array(): JsonNode {
    const items: JsonNode[] = [];
    this.#at += 1;
    while (this.#next() !== ']' && this.#at < this.#text.length) {
      items.push(this.value());
      if (this.#next() === ',') this.#at += 1;
    }
    this.#at += 1;
    return { type: 'array', items };
  }

  #string(): string {
    const start = this.#at;
    this.#at += 1;
    while (this.#at < this.#text.length && this.#text[this.#at] !== '"') this.#at += this.#text[this.#at] === '\\' ? 2 : 1;
    this.#at += 1;
    return JSON.parse(this.#text.slice(start, this.#at)) as string;
  }

  /** Skips white space and returns the next character. */
  #next(): string | undefined {
    this.#space();
    return this.#text[this.#at];
  }

  #space(): void {
    while (' \t\r\n'.includes(this.#text[this.#at] ?? '_')) this.#at += 1;
  }
}

/**
 * The keys of every object of a JSON text, in order and with duplicates, which
 * JSON.parse drops. The text must be JSON that JSON.parse accepts.
 */
export function scanJsonKeys(json: string): JsonNode {
  return new JsonScanner(json).value();
}
