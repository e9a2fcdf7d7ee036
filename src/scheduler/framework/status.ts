/** The outcome codes of an extension point, as upstream's framework.Code. */
export type StatusCode = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Wait' | 'Skip';

/**
 * What a plugin returns instead of throwing: a code, the reasons shown to users
 * (each counted in "0/3 nodes are available: ..."), and the plugin that failed.
 */
export class Status {
  static readonly success = new Status('Success', []);
  static readonly skip = new Status('Skip', []);

  readonly code: StatusCode;
  readonly reasons: readonly string[];
  readonly plugin: string;

  constructor(code: StatusCode, reasons: readonly string[], plugin = '') {
    this.code = code;
    this.reasons = reasons;
    this.plugin = plugin;
  }

  static unschedulable(...reasons: string[]): Status {
    return new Status('Unschedulable', reasons);
  }

  static unresolvable(...reasons: string[]): Status {
    return new Status('UnschedulableAndUnresolvable', reasons);
  }

  static error(message: string): Status {
    return new Status('Error', [message]);
  }

  get isSuccess(): boolean {
    return this.code === 'Success';
  }

  /** Unschedulable or UnschedulableAndUnresolvable: the pod does not fit, no fault anywhere. */
  get isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable';
  }

  get message(): string {
    return this.reasons.join(', ');
  }

  /** The same status, attributed to `plugin` (the framework records who failed). */
  withPlugin(plugin: string): Status {
    return this.plugin === plugin || this.code === 'Success' ? this : new Status(this.code, this.reasons, plugin);
  }
}
