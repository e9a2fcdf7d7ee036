type Element = { readonly kind: 'name'; readonly text: string } | { readonly kind: 'subscript'; readonly text: string };

/**
 * An immutable path to a field, rendered as upstream's field.Path does:
 * `spec.containers[0].image`, `metadata.labels[app]`.
 */
export class FieldPath {
  readonly #elements: readonly Element[];

  private constructor(elements: readonly Element[]) {
    this.#elements = elements;
  }

  static root(name: string, ...more: string[]): FieldPath {
    return new FieldPath([name, ...more].map((text) => ({ kind: 'name', text })));
  }

  child(name: string, ...more: string[]): FieldPath {
    return new FieldPath([...this.#elements, ...[name, ...more].map((text) => ({ kind: 'name' as const, text }))]);
  }

  index(index: number): FieldPath {
    return new FieldPath([...this.#elements, { kind: 'subscript', text: String(index) }]);
  }

  key(key: string): FieldPath {
    return new FieldPath([...this.#elements, { kind: 'subscript', text: key }]);
  }

  toString(): string {
    let text = '';
    for (const element of this.#elements) {
      if (element.kind === 'subscript') text += `[${element.text}]`;
      else text += text === '' ? element.text : `.${element.text}`;
    }
    return text;
  }
}
