import { isIP } from 'node:net';

/** Upstream's IsValidIP messages. */
export function validateIp(value: string): string[] {
  return isIP(value) === 0 ? ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'] : [];
}

export function isIpv4(value: string): boolean {
  return isIP(value) === 4;
}

export function isIpv6(value: string): boolean {
  return isIP(value) === 6;
}

/** Upstream's IsValidCIDR messages. */
export function validateCidr(value: string): string[] {
  const [address = '', bits, ...rest] = value.split('/');
  const family = isIP(address);
  const prefix = Number(bits);
  const valid =
    family !== 0 && rest.length === 0 && bits !== undefined && /^\d+$/.test(bits) && prefix <= (family === 4 ? 32 : 128);
  return valid ? [] : ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
}
