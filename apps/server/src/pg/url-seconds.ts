/**
 * A number of seconds given as a PostgreSQL URL's query parameter (libpq's `connect_timeout`, the
 * server's `query_timeout`), in milliseconds: the default without one; a value that is not a whole
 * number of seconds, at least 1, is an error naming the parameter and the value.
 */
export function urlSecondsMs(url: string, parameter: string, defaultSeconds: number): number {
  const given = URL.canParse(url) ? new URL(url).searchParams.get(parameter) : null;
  if (given === null) return defaultSeconds * 1000;
  if (!/^\d+$/.test(given) || Number(given) < 1) throw new Error(`${parameter} must be a whole number of seconds, at least 1, got ${JSON.stringify(given)}`);
  return Number(given) * 1000;
}
