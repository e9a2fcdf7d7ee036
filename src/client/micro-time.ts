/** A time as Kubernetes serializes metav1.MicroTime: RFC 3339 in UTC with microseconds. */
export function rfc3339micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
