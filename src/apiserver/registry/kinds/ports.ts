import type { FieldPath } from '../../../api/field-path.js';
import { inclusiveRangeError } from './numbers.js';
import type { Problems } from './problems.js';

/** Upstream's IsValidPortNum. */
export function validatePortNumber(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** Upstream's IsValidPortName (an IANA_SVC_NAME). */
export function validatePortName(name: string): string[] {
  const errors: string[] = [];
  if (name.length > 15) errors.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errors.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errors.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}

/** Upstream's ValidatePortNumOrName for an IntOrString port (targetPort, probe ports). */
export function checkPortNumOrName(problems: Problems, path: FieldPath, port: unknown): void {
  if (typeof port === 'number') problems.invalidEach(path, port, validatePortNumber(port));
  else if (typeof port === 'string') problems.invalidEach(path, port, validatePortName(port));
  else if (port !== undefined && port !== null) problems.typeInvalid(path, port, 'must be an integer or a string');
  else problems.invalidEach(path, 0, validatePortNumber(0));
}

export const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

/** A required port protocol from the supported set. */
export function checkProtocol(problems: Problems, path: FieldPath, protocol: string): void {
  if (protocol === '') problems.required(path);
  else if (!(PORT_PROTOCOLS as readonly string[]).includes(protocol)) problems.notSupported(path, protocol, PORT_PROTOCOLS);
}
