import { TugError } from '../util/errors.js';

/** How a quantity prints: `1k`/`500m`, `1Ki`, or `1e3`; taken from the suffix it was written with. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export class QuantityError extends TugError {
  readonly code = 'InvalidQuantity';
}

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const NUMERIC = 'unable to parse numeric part of quantity';
const SUFFIX = "unable to parse quantity's suffix";

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([suffix, exponent]) => [exponent, suffix]));
const BINARY_BY_EXPONENT = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const SUFFIX_CHARS = 'eEinumkKMGTP';

const NANO = 1_000_000_000n;
const INT64_MAX = 2n ** 63n - 1n;
/** BinarySI quantities are capped at the largest int64, as upstream. */
const BINARY_MAX_NANO = INT64_MAX * NANO;
/** Beyond this power of ten a quantity is refused rather than built (upstream has no limit). */
const MAX_DECIMAL_SHIFT = 1000;

interface Parts {
  readonly negative: boolean;
  /** Integer digits without leading zeros ('0' if none). */
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
}

const isDigit = (char: string): boolean => char >= '0' && char <= '9';

/** Upstream's parseQuantityString: sign, digits, '.', digits, suffix letters, signed exponent digits. */
function splitQuantity(text: string): Parts {
  let at = 0;
  const negative = text.startsWith('-');
  if (negative || text.startsWith('+')) at++;
  while (text.charAt(at) === '0') at++;
  if (at >= text.length) return { negative, num: '0', denom: '', suffix: '' };
  let start = at;
  while (at < text.length && isDigit(text.charAt(at))) at++;
  const num = text.slice(start, at) || '0';
  let denom = '';
  if (text.charAt(at) === '.') {
    start = ++at;
    while (at < text.length && isDigit(text.charAt(at))) at++;
    denom = text.slice(start, at);
  }
  const suffixStart = at;
  while (at < text.length && SUFFIX_CHARS.includes(text.charAt(at))) at++;
  if (text.charAt(at) === '-' || text.charAt(at) === '+') at++;
  while (at < text.length && isDigit(text.charAt(at))) at++;
  if (at < text.length) throw new QuantityError(FORMAT_WRONG);
  return { negative, num, denom, suffix: text.slice(suffixStart) };
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined) return { base: 2, exponent: binary, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix.startsWith('e') || suffix.startsWith('E')) && /^[+-]?\d+$/.test(suffix.slice(1))) {
    return { base: 10, exponent: Number(suffix.slice(1)), format: 'DecimalExponent' };
  }
  throw new QuantityError(SUFFIX);
}

function ceilDiv(dividend: bigint, divisor: bigint): bigint {
  return (dividend + divisor - 1n) / divisor;
}

/** The magnitude in nano units, rounded up to the next nano as upstream rounds. */
function magnitudeNano(parts: Parts, base: 2 | 10, exponent: number): bigint {
  const digits = BigInt(parts.num + parts.denom);
  if (base === 2) return ceilDiv(digits * 2n ** BigInt(exponent) * NANO, 10n ** BigInt(parts.denom.length));
  const shift = exponent - parts.denom.length + 9;
  if (shift > MAX_DECIMAL_SHIFT) throw new QuantityError(NUMERIC);
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  if (-shift > parts.num.length + parts.denom.length) return digits === 0n ? 0n : 1n;
  return ceilDiv(digits, 10n ** BigInt(-shift));
}

/**
 * Whether upstream keeps the text as written (its int64 fast path, when the text is
 * already in canonical form), so `100m` stays `100m` while `0.5` becomes `500m`.
 */
function keepsText(parts: Parts, base: 2 | 10, exponent: number): boolean {
  const shifted = parts.num + parts.denom;
  if (base === 2) {
    if (parts.denom !== '') return false;
    const precision = 15 - parts.num.length - Math.trunc((exponent * 3) / 10) - 1;
    const value = BigInt(parts.num);
    return precision >= 0 && value * 2n ** BigInt(exponent) <= INT64_MAX && (value & 7n) !== 0n;
  }
  const precision = 18 - shifted.length;
  const scale = exponent - parts.denom.length;
  return precision >= 0 && scale >= -9 && scale % 3 === 0 && !shifted.endsWith('000') && !shifted.startsWith('0');
}

/** A Kubernetes resource quantity, held exactly in nano units (upstream's precision). */
export class Quantity {
  readonly format: QuantityFormat;
  readonly #nano: bigint;
  /** The text as written, when upstream would print it unchanged. */
  readonly #text: string | undefined;

  private constructor(nano: bigint, format: QuantityFormat, text?: string) {
    this.#nano = nano;
    this.format = format;
    this.#text = text;
  }

  /** Parses `100m`, `1.5Gi`, `1e3`, `-1`; throws QuantityError with upstream's message. */
  static parse(text: string): Quantity {
    if (text === '') throw new QuantityError(FORMAT_WRONG);
    if (text === '0') return new Quantity(0n, 'DecimalSI', text);
    const parts = splitQuantity(text);
    const { base, exponent, format } = interpretSuffix(parts.suffix);
    let magnitude = magnitudeNano(parts, base, exponent);
    let actualFormat = format;
    if (format === 'BinarySI' && magnitude > BINARY_MAX_NANO) magnitude = BINARY_MAX_NANO;
    if (format === 'BinarySI' && magnitude > 0n && magnitude < NANO) actualFormat = 'DecimalSI';
    const kept = keepsText(parts, base, exponent) ? text : undefined;
    return new Quantity(parts.negative ? -magnitude : magnitude, actualFormat, kept);
  }

  /** A quantity from JSON, where it may be a string or a number. */
  static from(value: string | number): Quantity {
    return Quantity.parse(typeof value === 'number' ? String(value) : value.trim());
  }

  /** An integer number of thousandths, e.g. CPU millicores. */
  static fromMilli(milli: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(milli) * 1_000_000n, format);
  }

  /** An integer number of units, e.g. bytes. */
  static fromValue(value: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value) * NANO, format);
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`. */
  cmp(other: Quantity): -1 | 0 | 1 {
    return this.#nano < other.#nano ? -1 : this.#nano > other.#nano ? 1 : 0;
  }

  equals(other: Quantity): boolean {
    return this.#nano === other.#nano;
  }

  isZero(): boolean {
    return this.#nano === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.#nano < 0n ? -1 : this.#nano > 0n ? 1 : 0;
  }

  /** The sum, in this quantity's format (or the other's when this is zero), as upstream's Add. */
  add(other: Quantity): Quantity {
    return new Quantity(this.#nano + other.#nano, this.isZero() ? other.format : this.format);
  }

  sub(other: Quantity): Quantity {
    return new Quantity(this.#nano - other.#nano, this.isZero() ? other.format : this.format);
  }

  neg(): Quantity {
    return new Quantity(-this.#nano, this.format);
  }

  /** The exact value times 10^9. */
  nanoValue(): bigint {
    return this.#nano;
  }

  /** The value in units, rounded up away from zero (`100m` -> 1). Imprecise beyond 2^53. */
  value(): number {
    return Number(this.#scaled(NANO));
  }

  /** The value in thousandths, rounded up away from zero. Imprecise beyond 2^53. */
  milliValue(): number {
    return Number(this.#scaled(1_000_000n));
  }

  #scaled(divisor: bigint): bigint {
    const magnitude = ceilDiv(this.#nano < 0n ? -this.#nano : this.#nano, divisor);
    return this.#nano < 0n ? -magnitude : magnitude;
  }

  /** The text upstream serializes: as written when already canonical, else canonical. */
  toString(): string {
    return this.#text ?? this.canonical();
  }

  toJSON(): string {
    return this.toString();
  }

  /** The canonical form: `0.5` -> `500m`, `1024Mi` -> `1Gi`, `1.5Gi` -> `1536Mi`, `1000m` -> `1`. */
  canonical(): string {
    if (this.#nano === 0n) return '0';
    const magnitude = this.#nano < 0n ? -this.#nano : this.#nano;
    const sign = this.#nano < 0n ? '-' : '';
    if (this.format === 'BinarySI' && magnitude >= 1024n * NANO && magnitude % NANO === 0n) {
      let number = magnitude / NANO;
      let power = 0;
      while (number % 1024n === 0n) {
        number /= 1024n;
        power++;
      }
      return `${sign}${number}${BINARY_BY_EXPONENT[power] ?? ''}`;
    }
    let number = magnitude;
    let exponent = -9;
    while (number % 1000n === 0n) {
      number /= 1000n;
      exponent += 3;
    }
    if (this.format === 'DecimalExponent') return `${sign}${number}${exponent === 0 ? '' : `e${exponent}`}`;
    if (exponent > 18) {
      number *= 10n ** BigInt(exponent - 18);
      exponent = 18;
    }
    return `${sign}${number}${DECIMAL_BY_EXPONENT.get(exponent) ?? ''}`;
  }
}

export function parseQuantity(text: string): Quantity {
  return Quantity.parse(text);
}
