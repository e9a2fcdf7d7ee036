import type { ApiObject } from '../../../api/object.js';
import { validateLabels } from '../../../api/labels-validation.js';
import { validateDns1123Label, validateDns1123Subdomain, validateQualifiedName } from '../../../api/names.js';
import { objectsAt, setDefault } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import { isIpv4, isIpv6 } from './network-addresses.js';
import type { ObjectReader } from './object-reader.js';
import { PORT_PROTOCOLS, validatePortNumber } from './ports.js';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;

function addressErrors(type: string, address: string): string[] {
  if (type === 'IPv4') return isIpv4(address) ? [] : ['must be a valid IPv4 address'];
  if (type === 'IPv6') return isIpv6(address) ? [] : ['must be a valid IPv6 address'];
  if (type !== 'FQDN') return [];
  const errors = validateDns1123Subdomain(address);
  if (errors.length === 0 && !address.includes('.')) errors.push('should be a domain with at least two segments separated by dots');
  return errors;
}

/** EndpointSlices (discovery.k8s.io/v1): upstream's defaults and ValidateEndpointSlice. */
export class EndpointSliceStrategy extends KindStrategy {
  override applyDefaults(object: ApiObject): void {
    for (const port of objectsAt(object, 'ports')) {
      setDefault(port, 'name', '');
      setDefault(port, 'protocol', 'TCP');
    }
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const { problems } = root;
    const type = root.string('addressType');
    if (type === '') problems.required(root.at('addressType'));
    else if (!ADDRESS_TYPES.includes(type)) problems.notSupported(root.at('addressType'), type, ADDRESS_TYPES);
    const endpoints = root.objects('endpoints');
    if (endpoints.length > MAX_ENDPOINTS) problems.tooMany(root.at('endpoints'), endpoints.length, MAX_ENDPOINTS);
    else {
      for (const endpoint of endpoints) {
        const addresses = endpoint.strings('addresses');
        if (addresses.length === 0) problems.required(endpoint.at('addresses'), 'must contain at least 1 address');
        else if (addresses.length > MAX_ADDRESSES) problems.tooMany(endpoint.at('addresses'), addresses.length, MAX_ADDRESSES);
        addresses.forEach((address, index) => { problems.invalidEach(endpoint.at('addresses').index(index), address, addressErrors(type, address)); });
        const nodeName = endpoint.optionalString('nodeName');
        if (nodeName !== undefined) problems.invalidEach(endpoint.at('nodeName'), nodeName, validateDns1123Subdomain(nodeName));
        problems.add(...validateLabels(endpoint.raw('deprecatedTopology'), endpoint.at('deprecatedTopology')));
        const hostname = endpoint.optionalString('hostname');
        if (hostname !== undefined) problems.invalidEach(endpoint.at('hostname'), hostname, validateDns1123Label(hostname));
      }
    }
    const ports = root.objects('ports');
    if (ports.length > MAX_PORTS) problems.tooMany(root.at('ports'), ports.length, MAX_PORTS);
    const names = new Set<string>();
    for (const port of ports.length > MAX_PORTS ? [] : ports) {
      const name = port.string('name');
      if (name !== '') problems.invalidEach(port.at('name'), name, validateDns1123Label(name));
      if (names.has(name)) problems.duplicate(port.at('name'), name);
      names.add(name);
      const protocol = port.optionalString('protocol');
      if (protocol === undefined) problems.required(port.at('protocol'));
      else if (!(PORT_PROTOCOLS as readonly string[]).includes(protocol)) problems.notSupported(port.at('protocol'), protocol, PORT_PROTOCOLS);
      const number = port.int('port');
      if (number !== undefined) problems.invalidEach(port.at('port'), number, validatePortNumber(number));
      const appProtocol = port.optionalString('appProtocol');
      if (appProtocol !== undefined) problems.invalidEach(port.at('appProtocol'), appProtocol, validateQualifiedName(appProtocol));
    }
    if (old !== undefined && old['addressType'] !== type) problems.invalid(root.at('addressType'), type, 'field is immutable');
  }
}
