import { createRequire } from 'node:module';
import type * as IpNum from 'ip-num';
import type { Result } from './result.js';

// ip-num reads text the fast path below does not take (at the edge only); it is loaded on that first use, since
// loading it costs more than a short command's whole run (its module builds IPv6 tables).
const require = createRequire(import.meta.url);
let ipNum: typeof IpNum | undefined;
const ipNumLib = (): typeof IpNum => (ipNum ??= require('ip-num') as typeof IpNum);

/** An inclusive range of IPv4 addresses as unsigned 32-bit integers. */
export interface Ipv4Range {
  readonly lo: number;
  readonly hi: number;
}

/** A parsed CIDR block: its range and its prefix length. */
export interface Cidr extends Ipv4Range {
  readonly prefix: number;
}

/** Every IPv4 address, as a CIDR block (0.0.0.0/0). The one definition: the flow-space axis and the loaders derive theirs from it. */
export const ALL_IPV4: Cidr = Object.freeze({ lo: 0, hi: 0xffffffff, prefix: 0 });

/** What is wrong with user text, and how to fix it (`code`: a diagnostic code, where the caller reports one). */
interface ParseError {
  readonly message: string;
  readonly hint?: string;
  readonly code?: string;
}

/** The outcome of parsing user text: a value, or what is wrong with it. */
export type ParseResult<T> = Result<T, ParseError>;

const LEADING_ZERO = /(^|\.)0\d/;

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** A canonical dotted quad: four decimal octets 0-255 without leading zeros. */
const CANONICAL = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** Parses a dotted-quad IPv4 address into an unsigned 32-bit integer (ip-num at the edge only). */
export function parseIpv4(text: string): ParseResult<number> {
  // The common case, a canonical address, needs no library call (ip-num builds BigInts and octet objects).
  const m = CANONICAL.exec(text);
  if (m) return { ok: true, value: ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0 };
  if (text !== text.trim()) return { ok: false, error: { message: `"${text}" has leading or trailing spaces`, hint: `write "${text.trim()}"` } };
  if (/^\d+(\.\d+){3}$/.test(text) && LEADING_ZERO.test(text)) {
    const fixed = text
      .split('.')
      .map((o) => String(Number(o)))
      .join('.');
    return {
      ok: false,
      error: { message: `"${text}" has an octet with a leading zero, which is ambiguous (octal or decimal?)`, hint: `write "${fixed}" if decimal was meant` },
    };
  }
  const { IPv4, Validator } = ipNumLib();
  const [valid] = Validator.isValidIPv4String(text);
  if (!valid) return { ok: false, error: { message: `"${text}" is not an IPv4 address`, hint: 'write four decimal octets 0-255, e.g. 192.168.1.10' } };
  return { ok: true, value: Number(IPv4.fromString(text).getValue()) >>> 0 };
}

/** Parses "a.b.c.d/n" into a CIDR range; host bits must be zero. A bare address is accepted as /32 when allowBareAddress. */
export function parseCidr(text: string, allowBareAddress = false): ParseResult<Cidr> {
  const slash = text.indexOf('/');
  if (slash < 0) {
    if (!allowBareAddress)
      return { ok: false, error: { message: `"${text}" is not a CIDR block`, hint: 'write an address and a prefix length, e.g. 10.0.0.0/16' } };
    const ip = parseIpv4(text);
    if (!ip.ok) return ip;
    return { ok: true, value: { lo: ip.value, hi: ip.value, prefix: 32 } };
  }
  const addr = parseIpv4(text.slice(0, slash));
  if (!addr.ok) return { ok: false, error: { ...addr.error, message: `"${text}": ${addr.error.message}` } };
  const prefixText = text.slice(slash + 1);
  if (!/^(\d|[12]\d|3[0-2])$/.test(prefixText)) {
    return {
      ok: false,
      error: { message: `"${text}" has an invalid prefix length "${prefixText}"`, hint: 'the prefix length is a number from 0 to 32 without leading zeros' },
    };
  }
  const prefix = Number(prefixText);
  // Plain arithmetic on the 32-bit value (ip-num builds a BigInt and binary strings per range: 1.2 s of a 20,000
  // instance model's load went there).
  const size = 2 ** (32 - prefix);
  const lo = Math.floor(addr.value / size) * size;
  const hi = lo + size - 1;
  if (lo !== addr.value) {
    return { ok: false, error: { message: `"${text}" has host bits set`, hint: `did you mean ${formatIpv4(lo)}/${prefix}?` } };
  }
  return { ok: true, value: { lo, hi, prefix } };
}

const printed = new Map<number, string>();

/** Prints an unsigned 32-bit integer as a dotted quad (memoised, since traces print the same few addresses many times). */
export function formatIpv4(value: number): string {
  const key = value >>> 0;
  let text = printed.get(key);
  if (text === undefined) {
    if (printed.size >= 65536) printed.clear();
    text = `${key >>> 24}.${(key >>> 16) & 0xff}.${(key >>> 8) & 0xff}.${key & 0xff}`;
    printed.set(key, text);
  }
  return text;
}

/** Prints a range as a CIDR when it is one, else as "lo-hi". */
export function formatRange(range: Ipv4Range): string {
  if (range.lo === range.hi) return formatIpv4(range.lo);
  const size = range.hi - range.lo + 1;
  // A CIDR block: the size is a power of two and the start is aligned to it.
  if (size === 0x100000000) return range.lo === 0 ? `${formatIpv4(0)}/0` : `${formatIpv4(range.lo)}-${formatIpv4(range.hi)}`;
  if ((size & (size - 1)) === 0 && range.lo % size === 0) return `${formatIpv4(range.lo)}/${Math.clz32(size) + 1}`;
  return `${formatIpv4(range.lo)}-${formatIpv4(range.hi)}`;
}

/** True when the two ranges share at least one address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.lo <= b.hi && b.lo <= a.hi;
}

/** True when `outer` contains every address of `inner`. */
export function rangeContains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.lo <= inner.lo && inner.hi <= outer.hi;
}
