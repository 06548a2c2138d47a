// Which client address a Koa application believes, behind a given number of reverse proxies
// (TRUST_PROXY_HOPS for the site, CONSOLE_TRUST_PROXY_HOPS for the console service).

/**
 * Koa's options for trusting exactly `hops` proxies. Each proxy appends the address it was
 * reached from to X-Forwarded-For (nginx: `$proxy_add_x_forwarded_for`), so the client's address
 * is the entry `hops` places from the right; `maxIpsCount` makes `ctx.ips` those last entries and
 * `ctx.ip` the first of them, so whatever a client writes in front is never taken for its
 * address. `ctx.secure` then follows X-Forwarded-Proto. With 0 hops `ctx.ip` is the socket's
 * address and every X-Forwarded-* header is ignored. (A request that reaches the service with
 * fewer entries than hops has bypassed a proxy: keep the port closed to all but the proxy.)
 */
export function proxyOptions(hops: number): { proxy: boolean; maxIpsCount: number } {
  return { proxy: hops > 0, maxIpsCount: hops };
}
