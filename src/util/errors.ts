/**
 * The base of every error Tugboat throws on purpose. `code` is stable and meant for
 * programs (the API server maps codes to Kubernetes Status reasons); `message` is
 * one line for people.
 */
export abstract class TugError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The message of anything thrown, for logs and one-line CLI errors. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
