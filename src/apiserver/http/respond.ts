import type { Status } from '../../api/object.js';
import type { Response } from './http-types.js';

export function sendJson(response: Response, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  response.writeHead(code, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-cache, private',
  });
  response.end(text);
}

export function sendStatus(response: Response, status: Status): void {
  sendJson(response, status.code, status);
}

export function sendText(response: Response, code: number, text: string): void {
  response.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
