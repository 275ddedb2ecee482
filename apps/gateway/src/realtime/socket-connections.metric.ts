import { Gauge, type Registry } from 'prom-client';

/** The socket servers counted per service registry (one runtime may open more than one server). */
const counters = new WeakMap<Registry, Array<() => number>>();

/** Live socket.io connections on this replica (garda_socket_connections): `count` is read at scrape time. */
export function trackSocketConnections(registry: Registry, count: () => number): void {
  const known = counters.get(registry);
  if (known) {
    known.push(count);
    return;
  }
  const counts = [count];
  counters.set(registry, counts);
  new Gauge({
    name: 'garda_socket_connections',
    help: 'Open socket.io connections on this replica.',
    registers: [registry],
    collect() {
      this.set(counts.reduce((sum, counter) => sum + counter(), 0));
    },
  });
}
