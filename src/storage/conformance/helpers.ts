import type { WatchEvent, WatchStream } from '../interface.js';

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function text(value: Uint8Array | undefined): string | undefined {
  return value === undefined ? undefined : new TextDecoder().decode(value);
}

/**
 * Takes the next `count` events from a watch without closing it. Rejects with the
 * watch's own error if it fails, or after `timeoutMs` if the events do not come.
 */
export async function nextEvents(watch: WatchStream, count: number, timeoutMs = 10_000): Promise<WatchEvent[]> {
  const iterator = watch[Symbol.asyncIterator]();
  const events: WatchEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`watch gave ${events.length} of ${count} events within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    while (events.length < count) {
      const result = await Promise.race([iterator.next(), timeout]);
      if (result.done === true) throw new Error(`watch ended after ${events.length} of ${count} events`);
      events.push(result.value);
    }
    return events;
  } finally {
    clearTimeout(timer);
  }
}
