/** A failure the agent answers with an HTTP status and a plain-text message, as the kubelet does. */
export class AgentHttpError extends Error {
  readonly statusCode: number;

  constructor(statusCode: number, message: string) {
    super(message);
    this.name = 'AgentHttpError';
    this.statusCode = statusCode;
  }
}
