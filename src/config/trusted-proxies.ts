/**
 * PATINA_TRUST_PROXY: the reverse proxies whose `X-Forwarded-For` Patina believes.
 *
 * Threat: a client naming its own address. Throttles, usage and audit key on `request.ip`;
 * behind a proxy every request arrives from the proxy, so without trust one client's failures
 * throttle everyone, and with blanket trust any client could pose as any address (escaping its
 * throttle, or framing another). So trust is a list of exact peers — addresses or CIDR ranges,
 * nothing by default, no wildcards or names — and Fastify (proxy-addr) walks X-Forwarded-For from
 * the right, stopping at the first hop that is not one of them: what a client wrote before the
 * proxy appended the real address is ignored.
 */
import net from "node:net";

/** The parsed list, or what is wrong with it (which entry, counting from 1). */
export type TrustedProxies = { ok: true; entries: readonly string[] } | { ok: false; message: string };

/** Parses a comma-separated list of IPv4/IPv6 addresses and CIDR ranges; unset or empty is none. */
export function parseTrustedProxies(raw: string | undefined): TrustedProxies {
  if (raw === undefined || raw.trim() === "") return { ok: true, entries: Object.freeze([]) };
  const entries: string[] = [];
  for (const [index, part] of raw.split(",").entries()) {
    const entry = part.trim();
    if (!isAddressOrRange(entry)) {
      return {
        ok: false,
        message: `entry ${index + 1} (${JSON.stringify(entry)}) is not an IP address or CIDR range such as 10.0.0.0/8 or ::1.`,
      };
    }
    entries.push(entry);
  }
  return { ok: true, entries: Object.freeze(entries) };
}

function isAddressOrRange(entry: string): boolean {
  const [address = "", prefix, extra] = entry.split("/");
  if (extra !== undefined) return false;
  // net.isIP accepts zone ids (fe80::1%eth0), which the proxy matcher does not.
  const family = address.includes("%") ? 0 : net.isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
