const ALPHABET = /^[A-Za-z0-9+/]$/;

function isLineBreak(char: string | undefined): boolean {
  return char === '\r' || char === '\n';
}

/**
 * Why `text` is not standard, padded base64 as Go's encoding/base64 reads it (line
 * breaks are skipped), in Go's words; undefined when it is fine.
 */
export function base64Error(text: string): string | undefined {
  const error = (at: number): string => `illegal base64 data at input byte ${at}`;
  let inQuantum = 0;
  let quantumStart = 0;
  let ended = false;
  for (let at = 0; at < text.length; at++) {
    const char = text.charAt(at);
    if (isLineBreak(char)) continue;
    if (ended) return error(at);
    if (char === '=') {
      if (inQuantum < 2) return error(at);
      if (inQuantum === 2) {
        let next = at + 1;
        while (next < text.length && isLineBreak(text.charAt(next))) next++;
        if (next === text.length) return error(text.length);
        if (text.charAt(next) !== '=') return error(at);
        at = next;
      }
      ended = true;
      continue;
    }
    if (!ALPHABET.test(char)) return error(at);
    if (inQuantum === 0) quantumStart = at;
    inQuantum = (inQuantum + 1) % 4;
  }
  return !ended && inQuantum !== 0 ? error(quantumStart) : undefined;
}

/** The number of bytes base64 text decodes to. */
export function base64Size(text: string): number {
  return Buffer.from(text, 'base64').length;
}
