import { createServer } from 'node:net';

/**
 * Loopback addresses for the simulated users, one each, so that the
 * server's limits per address (sign-ins, sockets, connections) apply to each
 * user as they would to people on their own machines. Linux routes all of
 * 127.0.0.0/8 to the loopback interface; the generator binds its sockets to
 * 127.1.0.1, 127.1.0.2… and leaves 127.0.0.1 to everything else. Neither the
 * last byte 0 nor 255 is used, as some tools take those for a network or a
 * broadcast address.
 */
const PER_BLOCK = 254;
export const LOOPBACK_CAPACITY = PER_BLOCK * 256 * 254;

/** The address of user `index` (0-based): 127.1.0.1, …, 127.1.0.254, 127.1.1.1, … */
export function loopbackAddress(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= LOOPBACK_CAPACITY)
    throw new RangeError(`user ${index} has no loopback address: 0 to ${LOOPBACK_CAPACITY - 1}`);
  const last = 1 + (index % PER_BLOCK);
  const block = Math.floor(index / PER_BLOCK);
  return `127.${1 + Math.floor(block / 256)}.${block % 256}.${last}`;
}

/** Whether this machine lets a socket bind to a loopback address other than 127.0.0.1 (Linux does; macOS does not by default). */
export function loopbackAddressesWork(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(0, loopbackAddress(0), () => server.close(() => resolve(true)));
  });
}
