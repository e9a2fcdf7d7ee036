import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

/** Headers a streaming upgrade (WebSocket or SPDY) needs end to end. */
const FORWARDED_HEADERS = [
  'connection',
  'upgrade',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-protocol',
  'x-stream-protocol-version',
];

/**
 * Hands an upgrade request on to the runtime's stream server (a plain-HTTP URL from
 * CRI Exec, Attach or PortForward) and then joins the two connections byte for byte,
 * as the kubelet's upgrade-aware proxy does: the stream server answers the upgrade
 * itself, so WebSocket and SPDY clients both work without this code reading a frame.
 */
export function proxyStreamUpgrade(request: IncomingMessage, client: Duplex, head: Buffer, target: URL): void {
  const upstream = connect(Number(target.port), target.hostname);
  const lines = [`${request.method ?? 'GET'} ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`];
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index] ?? '';
    if (FORWARDED_HEADERS.includes(name.toLowerCase())) lines.push(`${name}: ${request.rawHeaders[index + 1] ?? ''}`);
  }
  upstream.on('connect', () => {
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  const teardown = (): void => {
    upstream.destroy();
    client.destroy();
  };
  upstream.on('error', teardown);
  client.on('error', teardown);
  // Ending (not destroying) lets bytes already piped reach the client.
  upstream.on('close', () => client.end());
  client.on('close', () => upstream.destroy());
}
