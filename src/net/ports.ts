import type { ParseResult } from './ipv4.js';

/** An inclusive range of port numbers. */
export interface PortRange {
  readonly lo: number;
  readonly hi: number;
}

/** Protocol of a flow. An ICMP flow's "port" is its ICMP type (0-255; 8 is an echo request). */
export type FlowProtocol = 'tcp' | 'udp' | 'icmp';
/** Protocol of a filter rule: a flow protocol, or any. */
export type RuleProtocol = FlowProtocol | 'any';

/** The largest ICMP type. */
export const MAX_ICMP_TYPE = 255;
/** The largest ICMP code. */
export const MAX_ICMP_CODE = 255;

/**
 * The codes the IANA registry of ICMP parameters defines for a type, where it defines more than code 0
 * (https://www.iana.org/assignments/icmp-parameters): destination unreachable, redirect, router advertisement, time
 * exceeded, parameter problem, Photuris, extended echo request and reply. Every other type is sent with code 0 (the
 * registry lists no code, or "No Code", for it).
 */
const ICMP_CODES: ReadonlyMap<number, readonly PortRange[]> = new Map<number, readonly PortRange[]>([
  [3, [{ lo: 0, hi: 15 }]],
  [5, [{ lo: 0, hi: 3 }]],
  [
    9,
    [
      { lo: 0, hi: 0 },
      { lo: 16, hi: 16 },
    ],
  ],
  [11, [{ lo: 0, hi: 1 }]],
  [12, [{ lo: 0, hi: 2 }]],
  [40, [{ lo: 0, hi: 5 }]],
  [42, [{ lo: 0, hi: 0 }]],
  [43, [{ lo: 0, hi: 4 }]],
]);
const CODE_ZERO: readonly PortRange[] = Object.freeze([{ lo: 0, hi: 0 }]);

/** The codes a sender of ICMP type `type` may send: those the registry defines for it (code 0 for most types). */
export function definedIcmpCodes(type: number): readonly PortRange[] {
  return ICMP_CODES.get(type) ?? CODE_ZERO;
}

/** True when `n` is a valid port number. */
function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** Parses one port spec: a number or "lo-hi". */
export function parsePortSpec(spec: number | string): ParseResult<PortRange> {
  if (typeof spec === 'number') {
    if (!isPort(spec)) return { ok: false, error: { message: `port ${spec} is out of range`, hint: 'ports are whole numbers from 1 to 65535' } };
    return { ok: true, value: { lo: spec, hi: spec } };
  }
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(spec);
  if (!m) return { ok: false, error: { message: `"${spec}" is not a port or port range`, hint: 'write a number like 8080 or a range like "8000-8090"' } };
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (!isPort(lo)) return { ok: false, error: { message: `port ${lo} is out of range`, hint: 'ports are whole numbers from 1 to 65535' } };
  if (!isPort(hi)) return { ok: false, error: { message: `port ${hi} is out of range`, hint: 'ports are whole numbers from 1 to 65535' } };
  if (lo > hi)
    return {
      ok: false,
      error: { code: 'invalid-port-range', message: `port range "${spec}" has its low end above its high end`, hint: `write "${hi}-${lo}"` },
    };
  return { ok: true, value: { lo, hi } };
}

/**
 * Parses a port set: a number, a "lo-hi" range, a comma-separated list of these ("80,443,8000-8100"), or an array of
 * them. The ranges come back sorted and merged. On an error, `index` is the array item at fault.
 */
function parsePortList(spec: number | string | readonly (number | string)[]): ParseResult<PortRange[]> & { readonly index?: number } {
  const list = typeof spec === 'object' ? spec : null;
  const items: readonly (number | string)[] = list ?? (typeof spec === 'string' && spec.includes(',') ? spec.split(',') : [spec as number | string]);
  if (items.length === 0) return { ok: false, error: { message: 'the port list is empty', hint: 'list at least one port, e.g. [80, 443]' } };
  const ranges: PortRange[] = [];
  for (let i = 0; i < items.length; i++) {
    const r = parsePortSpec(items[i]!);
    if (!r.ok) return list ? { ...r, index: i } : r;
    ranges.push(r.value);
  }
  ranges.sort((a, b) => a.lo - b.lo || a.hi - b.hi);
  const merged: { lo: number; hi: number }[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.lo <= last.hi + 1) last.hi = Math.max(last.hi, r.hi);
    else merged.push({ lo: r.lo, hi: r.hi });
  }
  return { ok: true, value: merged };
}

/**
 * Parses ICMP types (an ICMP flow's "ports"): a number from 0 to 255, a "lo-hi" range, a comma-separated list or an
 * array of them; sorted. A type stands for every code of it (a security-group rule may name one: icmpCode).
 */
export function parseIcmpTypeList(spec: number | string | readonly (number | string)[]): ParseResult<PortRange[]> & { readonly index?: number } {
  const list = typeof spec === 'object' ? spec : null;
  const items: readonly (number | string)[] = list ?? (typeof spec === 'string' ? spec.split(',') : [spec as number]);
  const out: PortRange[] = [];
  for (let i = 0; i < items.length; i++) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(String(items[i]));
    const lo = m ? Number(m[1]) : NaN;
    const hi = m ? Number(m[2] ?? m[1]) : NaN;
    if (!m || lo > MAX_ICMP_TYPE || hi > MAX_ICMP_TYPE || lo > hi) {
      const error = {
        code: 'invalid-icmp-type',
        message: `"${String(items[i])}" is not an ICMP type or range of types`,
        hint: 'ICMP types are whole numbers from 0 to 255 (8: echo request, 0: echo reply), or a range like "0-8"',
      };
      return list ? { ok: false, error, index: i } : { ok: false, error };
    }
    out.push({ lo, hi });
  }
  if (out.length === 0) return { ok: false, error: { message: 'the list of ICMP types is empty', hint: 'list at least one type, e.g. 8' } };
  return { ok: true, value: out.sort((a, b) => a.lo - b.lo) };
}

/** A flow's ports of one protocol: ports for TCP and UDP, types for ICMP. */
export function parsePortsOf(
  protocol: FlowProtocol,
  spec: number | string | readonly (number | string)[],
): ParseResult<PortRange[]> & { readonly index?: number } {
  return protocol === 'icmp' ? parseIcmpTypeList(spec) : parsePortList(spec);
}

/** Parses a single port: a number or a string holding one ("8080"). */
export function parsePort(value: number | string): ParseResult<number> {
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (Number.isNaN(n)) return { ok: false, error: { message: `"${String(value)}" is not a port number`, hint: 'write a whole number from 1 to 65535' } };
  if (!isPort(n)) return { ok: false, error: { message: `port ${String(value)} is out of range`, hint: 'ports are whole numbers from 1 to 65535' } };
  return { ok: true, value: n };
}

/** Prints port ranges compactly: "80", "8000-8090", "80,443" (or with another separator). */
export function formatPorts(ranges: readonly PortRange[] | null, separator = ','): string {
  if (ranges === null) return 'all ports';
  return ranges.map((r) => (r.lo === r.hi ? String(r.lo) : `${r.lo}-${r.hi}`)).join(separator);
}

/** How many values of an ascending array are at most `value` (binary search): the index of the run `value` falls in, plus one. */
export function countAtMost(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
