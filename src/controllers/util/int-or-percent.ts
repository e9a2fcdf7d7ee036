/**
 * An IntOrString such as `maxSurge` or a budget's `maxUnavailable` as a count of `total`: an integer as is, a
 * percentage ("25%") of total rounded up or down. Throws on anything else.
 */
export function scaledValue(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (match?.[1] === undefined) throw new Error(`invalid value for IntOrString: invalid value ${JSON.stringify(value)}`);
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
