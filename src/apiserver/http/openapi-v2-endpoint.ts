import { createHash } from 'node:crypto';
import { openApiV2Document } from '../../api/openapi/openapi-v2-document.js';
import { encodeOpenApiV2 } from '../protobuf/encode-openapi-v2.js';
import type { Request, Response } from './http-types.js';

/** The media type of gnostic's protobuf Swagger document as kubectl asks for it. */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
/**
 * The same type as the response names it: Go's media-type parser refuses `@`, so
 * upstream answers with `.v1.0` in its place (and accepts that form too).
 */
const PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

interface Encoded {
  readonly body: Buffer;
  readonly etag: string;
}

function encoded(body: Buffer): Encoded {
  return { body, etag: `"${createHash('sha512').update(body).digest('hex').slice(0, 64).toUpperCase()}"` };
}

/** Serves `/openapi/v2` as JSON or, when asked for, protobuf; each form is built once, on first request. */
export class OpenApiV2Endpoint {
  #json: Encoded | undefined;
  #protobuf: Encoded | undefined;

  serve(request: Request, response: Response): void {
    const accept = request.headers.accept ?? '';
    const wantsProtobuf = accept.includes(OPENAPI_V2_PROTOBUF) || accept.includes(PROTOBUF_CONTENT_TYPE);
    const { body, etag } = wantsProtobuf ? this.#protobufForm() : this.#jsonForm();
    const headers = { etag, 'cache-control': 'no-cache, private', vary: 'Accept' };
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': wantsProtobuf ? PROTOBUF_CONTENT_TYPE : 'application/json', 'content-length': body.length });
    if (request.method === 'HEAD') response.end();
    else response.end(body);
  }

  #jsonForm(): Encoded {
    this.#json ??= encoded(Buffer.from(JSON.stringify(openApiV2Document())));
    return this.#json;
  }

  #protobufForm(): Encoded {
    this.#protobuf ??= encoded(Buffer.from(encodeOpenApiV2(openApiV2Document())));
    return this.#protobuf;
  }
}
