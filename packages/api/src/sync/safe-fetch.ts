import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { ConfigError } from '../config.js';

/**
 * Outbound requests to addresses partners choose (webhooks), without server-side request forgery:
 * only http(s), no credentials in the URL, the host resolved and every address checked (loopback,
 * private, link-local, CGNAT, multicast, reserved and IPv4-mapped forms are refused unless the
 * operator allows them), and the connection made to the checked address only, so a name that
 * resolves differently a moment later (DNS rebinding) cannot redirect it.
 */

/** Resolves a host name to all its addresses (`dns.promises.lookup` with `all: true` by default). */
export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * Why a target cannot be used. `message` is for the person registering the URL; `logText` goes to
 * the delivery log and names no address, port or resolver detail.
 */
export class TargetRefused extends Error {
  constructor(
    message: string,
    readonly logText: string,
  ) {
    super(message);
    this.name = 'TargetRefused';
  }
}

/** The host name does not resolve (now): not an address problem, and it may resolve later. */
export class HostNotFound extends TargetRefused {
  constructor(host: string) {
    super(`"${host}" does not resolve to an address.`, 'host not found');
    this.name = 'HostNotFound';
  }
}

/** The operator's exceptions: CIDR ranges (`10.20.0.0/16`, `127.0.0.1/32`) and host names. */
export interface AllowList {
  ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  names: Set<string>;
}

const normaliseName = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** Parses WEBHOOK_ALLOWED_TARGETS entries; a malformed range is a configuration error. */
export function parseAllowList(entries: readonly string[]): AllowList {
  const list: AllowList = { ranges: [], names: new Set() };
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    if (entry.includes('/')) {
      try {
        const [addr, bits] = ipaddr.parseCIDR(entry);
        list.ranges.push([addr, bits]);
      } catch {
        throw new ConfigError('WEBHOOK_ALLOWED_TARGETS', `"${entry}" is not a CIDR range (such as 10.20.0.0/16 or fd00::/8)`);
      }
    } else if (ipaddr.isValid(entry)) {
      const addr = ipaddr.parse(entry);
      list.ranges.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^[a-z0-9.-]+$/i.test(entry)) {
      list.names.add(normaliseName(entry));
    } else {
      throw new ConfigError('WEBHOOK_ALLOWED_TARGETS', `"${entry}" is neither a CIDR range nor a host name`);
    }
  }
  return list;
}

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
// IPv4-compatible IPv6 (::a.b.c.d, deprecated) is not in ipaddr.js's list of special ranges.
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * The class of an address: `public` or the name of the special range it is in (`loopback`,
 * `private`, `linkLocal`, `carrierGradeNat`, `multicast`, `uniqueLocal`, `unspecified`, `reserved`, …).
 * IPv4-mapped IPv6 addresses are classified as the IPv4 address they carry.
 */
export function addressClass(address: string): string {
  const addr = ipaddr.process(address);
  const range = addr.range();
  if (range !== 'unicast') return range;
  if (addr.kind() === 'ipv6') {
    const v6 = addr as ipaddr.IPv6;
    if (v6.match(IPV4_COMPATIBLE)) return 'ipv4Compatible';
    if (!v6.match(GLOBAL_UNICAST_V6)) return 'reserved';
  }
  return 'public';
}

function inAllowedRange(address: string, allow: AllowList): boolean {
  const addr = ipaddr.process(address);
  return allow.ranges.some(([range, bits]) => range.kind() === addr.kind() && addr.match(range, bits));
}

/** Whether the address may be connected to: public, or in one of the allowed ranges. */
export function addressAllowed(address: string, allow: AllowList): boolean {
  return addressClass(address) === 'public' || inAllowedRange(address, allow);
}

/** The URL's host without IPv6 brackets, lower case, without a trailing dot. */
export function hostOf(url: URL): string {
  return normaliseName(url.hostname.replace(/^\[(.*)\]$/, '$1'));
}

/**
 * Checks the form of a target URL (WHATWG parsing turns `0x7f.1`, `2130706433` and `0177.0.0.1`
 * into `127.0.0.1`, so the checks below see the normalised host).
 */
export function parseTargetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused(`"${raw}" is not a URL.`, 'refused: not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetRefused('Webhook URLs are http:// or https://.', 'refused: not http(s)');
  if (url.username || url.password) {
    throw new TargetRefused(
      'Webhook URLs cannot carry a user name or password (they would be stored and logged in clear); verify deliveries with the signing secret instead.',
      'refused: credentials in URL',
    );
  }
  if (!url.hostname) throw new TargetRefused('The webhook URL has no host.', 'refused: no host');
  return url;
}

/** Names that are never in public DNS (RFC 2606, RFC 6761): answered here, without asking a resolver. */
const NEVER_PUBLIC = /(^|\.)(example|invalid|test)$/;
const LOCALHOST_SUBDOMAIN = /\.localhost$/;

/** A target whose every address was checked; connect to `address` only. */
export interface CheckedTarget {
  url: URL;
  /** The host as written (a name, or an address), for the Host header and TLS. */
  host: string;
  address: string;
  family: 4 | 6;
}

const REFUSED_ADDRESS = 'refused: address not allowed';

function refusedAddress(host: string) {
  return new TargetRefused(
    `"${host}" is not a public address, or resolves to one that is not: loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses are refused.`,
    REFUSED_ADDRESS,
  );
}

/**
 * Resolves the URL's host and checks every address. Throws TargetRefused when any address is not
 * allowed, HostNotFound when the name does not resolve.
 */
export async function checkTarget(url: URL, allow: AllowList, lookup: LookupAll = systemLookup): Promise<CheckedTarget> {
  const host = hostOf(url);
  if (ipaddr.isValid(host)) {
    if (!addressAllowed(host, allow)) throw refusedAddress(host);
    const addr = ipaddr.process(host);
    return { url, host, address: addr.toString(), family: addr.kind() === 'ipv4' ? 4 : 6 };
  }
  const byName = allow.names.has(host);
  if (!byName && LOCALHOST_SUBDOMAIN.test(host)) throw refusedAddress(host);
  if (!byName && NEVER_PUBLIC.test(host)) throw new HostNotFound(host);
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host);
  } catch {
    throw new HostNotFound(host);
  }
  if (addresses.length === 0) throw new HostNotFound(host);
  if (!byName && !addresses.every((a) => ipaddr.isValid(a.address) && addressAllowed(a.address, allow))) throw refusedAddress(host);
  const first = ipaddr.process(addresses[0]!.address);
  return { url, host, address: first.toString(), family: first.kind() === 'ipv4' ? 4 : 6 };
}

/** A sent request's outcome, or the category of its failure (for the delivery log). */
export type PostOutcome = { status: number } | { error: string };

const TLS_CODE = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** Failure categories that name no address, port or resolver detail. */
function failureCategory(error: NodeJS.ErrnoException, timedOut: boolean): string {
  if (timedOut) return 'timed out';
  if (error.code && TLS_CODE.test(error.code)) return 'TLS failed';
  return 'connection failed';
}

/**
 * POSTs `body` to a checked target, connecting to its checked address (never resolving the name
 * again); the Host header and TLS server name are the URL's host. Redirects are not followed (the
 * 3xx status is the outcome). The response body is not read.
 */
export function postToTarget(
  target: CheckedTarget,
  request: { headers: Record<string, string>; body: string; timeoutMs: number; signal?: AbortSignal },
): Promise<PostOutcome> {
  const { url } = target;
  const secure = url.protocol === 'https:';
  const send = secure ? https.request : http.request;
  const hostIsName = !ipaddr.isValid(target.host);
  return new Promise((resolve) => {
    let settled = false;
    let timedOut = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const req = send({
      host: target.address,
      family: target.family,
      port: url.port ? Number(url.port) : secure ? 443 : 80,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...request.headers, host: url.host, 'content-length': String(Buffer.byteLength(request.body)) },
      // A fresh connection each time: a pooled socket could be one opened for another address.
      agent: false,
      ...(secure && hostIsName ? { servername: target.host } : {}),
      // Connecting to an address needs no lookup; refuse one should anything ask.
      lookup: ((_host, _options, callback) => callback(new Error('lookup refused'), '', 0)) as LookupFunction,
    });
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error('timed out'));
    }, request.timeoutMs);
    const onAbort = () => req.destroy(new Error('aborted'));
    request.signal?.addEventListener('abort', onAbort);
    req.on('response', (res) => {
      finish({ status: res.statusCode ?? 0 });
      res.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish({ error: request.signal?.aborted ? 'aborted' : failureCategory(error, timedOut) }));
    req.end(request.body);
  });
}
