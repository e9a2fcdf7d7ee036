/**
 * The pod CIDR of the simulated node with `index`: 10.42.N.0/24 for the first 256
 * nodes (the default cluster CIDR 10.42.0.0/16), then on from 10.44.0.0 so that large
 * simulations skip the service range 10.43.0.0/16.
 */
export function nodePodCidr(index: number): string {
  if (index < 256) return `10.42.${index}.0/24`;
  const rest = index - 256;
  return `10.${44 + Math.floor(rest / 256)}.${rest % 256}.0/24`;
}

/** The InternalIP of the simulated node with `index`, from 172.16.0.0/12. */
export function nodeInternalIp(index: number): string {
  const value = 172 * 2 ** 24 + 16 * 2 ** 16 + index + 2;
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
