import type { Socket } from 'node:net';
import type WebSocket from 'ws';

function bufferOf(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/**
 * Carries a SPDY connection tunnelled in WebSocket binary messages
 * (`SPDY/3.1+portforward.k8s.io`, kubectl's port-forward since 1.31) over a plain
 * upgraded SPDY connection to the agent, byte for byte.
 */
export function bridgeTunnel(client: WebSocket, upstream: Socket, early: Buffer): void {
  if (early.length > 0) client.send(early);
  upstream.on('data', (chunk: Buffer) => {
    client.send(chunk);
  });
  upstream.resume();
  client.on('message', (data) => {
    upstream.write(bufferOf(data));
  });
  upstream.on('close', () => {
    client.close(1000);
  });
  upstream.on('error', () => {
    client.terminate();
  });
  client.on('close', () => {
    upstream.destroy();
  });
  client.on('error', () => {
    upstream.destroy();
  });
}
