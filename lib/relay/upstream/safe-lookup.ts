/**
 * The DNS lookup every new upstream connection goes through (call-upstream.ts's agent): it refuses private and
 * loopback addresses unless ALLOW_LOCAL_UPSTREAMS is set — so a channel whose public host name resolves (or is
 * rebound) to an internal address is refused at connect time, not only when it is saved.
 */
import dns from "node:dns";
import type { LookupFunction } from "node:net";
import { isPrivateAddress } from "../../channels/private-address";
import { env } from "../../env";

export class PrivateAddressError extends Error {
  readonly code = "EPRIVATEADDRESS";
  constructor(host: string) {
    super(`upstream host ${host} resolves to a private or loopback address`);
  }
}

/** dns.lookup without the private addresses (unless allowed); every new upstream connection goes through it. */
export const safeLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as dns.LookupAddress[];
    const allowed = env().ALLOW_LOCAL_UPSTREAMS ? list : list.filter((a) => !isPrivateAddress(a.address));
    if (allowed.length === 0) return callback(new PrivateAddressError(hostname) as NodeJS.ErrnoException, "", 0);
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, allowed);
    callback(null, allowed[0].address, allowed[0].family);
  });
};
