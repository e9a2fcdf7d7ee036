import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  RuntimeCallError,
  RuntimeNotFoundError,
  RuntimeTimeoutError,
  RuntimeUnavailableError,
} from '../runtime-errors.js';

export type CriService = 'RuntimeService' | 'ImageService';

const protoPath = fileURLToPath(new URL('./cri-api.proto', import.meta.url));
let definition: protoLoader.PackageDefinition | undefined;

function packageDefinition(): protoLoader.PackageDefinition {
  definition ??= protoLoader.loadSync(protoPath, {
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return definition;
}

function methodDefinition(service: CriService, method: string): protoLoader.MethodDefinition<object, object> {
  const serviceDefinition = packageDefinition()[`runtime.v1.${service}`];
  const found = serviceDefinition !== undefined && method in serviceDefinition
    ? (serviceDefinition as protoLoader.ServiceDefinition)[method]
    : undefined;
  if (found === undefined) throw new Error(`cri-api.proto declares no ${service}.${method}`);
  return found;
}

/** A gRPC target for a CRI endpoint given as `unix:///path`, a bare socket path, or `host:port`. */
export function criTarget(endpoint: string): string {
  if (endpoint.startsWith('/')) return `unix://${endpoint}`;
  return endpoint;
}

/**
 * Unary calls to a CRI endpoint, with gRPC failures translated into the runtime
 * errors of `runtime-errors.ts`. Responses are typed by the caller (`cri-messages.ts`).
 */
export class CriClient {
  readonly #client: grpc.Client;

  constructor(endpoint: string) {
    this.#client = new grpc.Client(criTarget(endpoint), grpc.credentials.createInsecure(), {
      // As the kubelet: lists of many containers exceed gRPC's 4 MiB default.
      'grpc.max_receive_message_length': 16 * 1024 * 1024,
      'grpc.max_send_message_length': 16 * 1024 * 1024,
    });
  }

  call<Response>(service: CriService, method: string, request: object, timeoutMs: number): Promise<Response> {
    const definition = methodDefinition(service, method);
    return new Promise<Response>((resolve, reject) => {
      this.#client.makeUnaryRequest(
        definition.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request,
        { deadline: Date.now() + timeoutMs },
        (error, response) => {
          if (error !== null) reject(translateGrpcError(method, error));
          else resolve(response as Response);
        },
      );
    });
  }

  close(): void {
    this.#client.close();
  }
}

function translateGrpcError(method: string, error: grpc.ServiceError): Error {
  const message = `CRI ${method}: ${error.details || error.message}`;
  switch (error.code) {
    case grpc.status.NOT_FOUND:
      return new RuntimeNotFoundError(message, { cause: error });
    case grpc.status.UNAVAILABLE:
      return new RuntimeUnavailableError(message, { cause: error });
    case grpc.status.DEADLINE_EXCEEDED:
      return new RuntimeTimeoutError(message, { cause: error });
    default: {
      const names: Partial<Record<number, string>> = grpc.status;
      const name = names[error.code];
      return new RuntimeCallError(message, name ?? String(error.code), { cause: error });
    }
  }
}
