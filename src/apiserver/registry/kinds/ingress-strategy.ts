import { isIP } from 'node:net';
import type { ApiObject } from '../../../api/object.js';
import { regexError, validateDns1035Label, validateDns1123Subdomain } from '../../../api/names.js';
import { GoValue } from './go-values.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';
import { validatePortName, validatePortNumber } from './ports.js';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];
const WILDCARD_HOST = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateHost(host: string): string[] {
  const errors: string[] = [];
  if (isIP(host) !== 0) errors.push('must be a DNS name, not an IP address');
  if (!host.includes('*')) return [...errors, ...validateDns1123Subdomain(host)];
  if (host.length > 253) errors.push('must be no more than 253 characters');
  if (!WILDCARD_HOST.test(host)) {
    errors.push(regexError("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character", '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*', '*.example.com'));
  }
  return errors;
}

function checkBackend(backend: ObjectReader): void {
  const { problems } = backend;
  const service = backend.object('service');
  const resource = backend.object('resource');
  if (service !== undefined && resource !== undefined) { problems.invalid(backend.path, '', 'cannot set both resource and service backends'); return; }
  if (resource !== undefined) {
    if (resource.string('kind') === '') problems.required(resource.at('kind'));
    if (resource.string('name') === '') problems.required(resource.at('name'));
    return;
  }
  if (service === undefined) { problems.invalid(backend.path, '', 'resource or service backend is required'); return; }
  const name = service.string('name');
  if (name === '') problems.required(service.at('name'));
  else problems.invalidEach(service.at('name'), name, validateDns1035Label(name));
  const port = service.struct('port');
  const portName = port.string('name');
  const portNumber = port.int('number') ?? 0;
  if (portName !== '' && portNumber !== 0) problems.invalid(backend.path, '', 'cannot set both port name & port number');
  else if (portName !== '') problems.invalidEach(port.at('name'), portName, validatePortName(portName));
  else if (portNumber !== 0) problems.invalidEach(port.at('number'), portNumber, validatePortNumber(portNumber));
  else problems.required(backend.path, 'port name or number is required');
}

function checkPath(path: ObjectReader): void {
  const { problems } = path;
  const type = path.optionalString('pathType');
  if (type === undefined) { problems.required(path.at('pathType'), 'pathType must be specified'); return; }
  const value = path.string('path');
  if (type === 'Exact' || type === 'Prefix') {
    if (!value.startsWith('/')) problems.invalid(path.at('path'), value, 'must be an absolute path');
    for (const sequence of INVALID_SEQUENCES) if (value.includes(sequence)) problems.invalid(path.at('path'), value, `must not contain '${sequence}'`);
    for (const suffix of INVALID_SUFFIXES) if (value.endsWith(suffix)) problems.invalid(path.at('path'), value, `cannot end with '${suffix}'`);
  } else if (type === 'ImplementationSpecific') {
    if (value !== '' && !value.startsWith('/')) problems.invalid(path.at('path'), value, 'must be an absolute path');
  } else {
    problems.notSupported(path.at('pathType'), type, PATH_TYPES);
  }
  checkBackend(path.struct('backend'));
}

/** Ingresses (networking.k8s.io/v1): upstream's ValidateIngressSpec. */
export class IngressStrategy extends KindStrategy {
  protected override check(root: ObjectReader, _old: ApiObject | undefined): void {
    const spec = root.struct('spec');
    const { problems } = spec;
    const rules = spec.objects('rules');
    if (rules.length === 0 && !spec.has('defaultBackend')) {
      problems.invalid(spec.path, new GoValue('[]networking.IngressRule(nil)'), 'either `defaultBackend` or `rules` must be specified');
    }
    const defaultBackend = spec.object('defaultBackend');
    if (defaultBackend !== undefined) checkBackend(defaultBackend);
    for (const rule of rules) {
      const host = rule.string('host');
      if (host !== '') problems.invalidEach(rule.at('host'), host, validateHost(host));
      const http = rule.object('http');
      if (http === undefined) continue;
      const paths = http.objects('paths');
      if (paths.length === 0) problems.required(http.at('paths'));
      paths.forEach(checkPath);
    }
    for (const tls of spec.objects('tls')) {
      tls.strings('hosts').forEach((host, index) => { problems.invalidEach(tls.at('hosts').index(index), host, validateHost(host)); });
      const secret = tls.string('secretName');
      if (secret !== '') problems.invalidEach(tls.at('secretName'), secret, validateDns1123Subdomain(secret));
    }
    const className = spec.optionalString('ingressClassName');
    if (className !== undefined) problems.invalidEach(spec.at('ingressClassName'), className, validateDns1123Subdomain(className));
  }
}
