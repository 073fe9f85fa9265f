import {
  ALL_ICMP_CODES,
  MAX_ICMP_CODE,
  MAX_ICMP_TYPE,
  PICKED_SOURCE_PORTS,
  intervals,
  parseIpv4,
  pointSpace,
  withAxis,
  type FlowProtocol,
  type FlowSpace,
  type IntervalSet,
} from '../net/index.js';
import { INTERNET, INTERNET_ADDRESSES, KIND_LABEL, didYouMean, hasAddress, withArticle, type Instance, type Internet, type Model } from '../model/index.js';
import type { PickedValues, QueryError, TraceQuery } from './types.js';

/**
 * A resolved query: the client, the resource it names (if any) and the flow as a space: one point, or every public
 * address on the axis the query names `internet` on (`wide`), of which a trace follows one witness.
 */
export interface Resolved {
  readonly client: Instance | Internet;
  readonly named: string | null;
  readonly space: FlowSpace;
  readonly wide: 'src' | 'dst' | null;
}

/** A query error in one line: `field: message (hint)`, the field named as the caller's user knows it (`name`). */
export function describeQueryError(e: QueryError, name: string = e.field): string {
  return `${name}: ${e.message}${e.hint ? ` (${e.hint})` : ''}`;
}

/** Resolves a query against a model. Query errors are the user's, not the engine's: they come back as values. */
export function resolveQuery(model: Model, query: TraceQuery): Resolved | QueryError {
  const shape = queryShapeError(query);
  if (shape) return shape;
  const from = fromInternet(query.from);
  const client: Instance | Internet | undefined = from ? INTERNET : model.instances.get(query.from);
  if (!client) {
    const r = model.resources.get(query.from);
    return r
      ? { code: 'wrong-kind', field: 'from', message: `"${query.from}" is ${withArticle(KIND_LABEL[r.kind])}; --from takes an instance id` }
      : {
          code: 'not-found',
          field: 'from',
          message: `no instance "${query.from}" in the model`,
          ...(ipLike(query.from) ? { hint: `a private address is not a client; --from takes an instance id, internet, or a public address` } : {}),
          ...(ipLike(query.from) ? {} : { hint: suggestId(query.from, [...model.instances.keys()], 'instances') }),
        };
  }
  const protocol = query.protocol ?? 'tcp';
  if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'icmp')
    return { code: 'invalid-value', field: 'protocol', message: `protocol "${String(protocol)}" is not tcp, udp or icmp` };
  // An ICMP flow's port is its ICMP type (8: echo request).
  if (
    protocol === 'icmp'
      ? !Number.isInteger(query.port) || query.port < 0 || query.port > MAX_ICMP_TYPE
      : !Number.isInteger(query.port) || query.port < 1 || query.port > 65535
  ) {
    return protocol === 'icmp'
      ? {
          code: 'invalid-value',
          field: 'port',
          message: `ICMP type ${query.port} is out of range`,
          hint: "an ICMP flow's port is its ICMP type, a whole number from 0 to 255 (8: echo request)",
        }
      : { code: 'invalid-value', field: 'port', message: `port ${query.port} is out of range`, hint: 'ports are whole numbers from 1 to 65535' };
  }
  const srcPort = sourcePortOf(query, protocol);
  if ('field' in srcPort) return srcPort;
  const code = query.icmpCode === undefined ? ALL_ICMP_CODES : (icmpCodeError(query.icmpCode, protocol) ?? [{ lo: query.icmpCode, hi: query.icmpCode }]);
  if ('field' in code) return code;
  const src = from ?? [{ lo: (client as Instance).ip, hi: (client as Instance).ip }];
  const wide = from && from.length > 1 ? 'src' : null;
  if (query.to === INTERNET.id) {
    if (from)
      return { code: 'invalid-value', field: 'to', message: 'a flow from the internet goes to a resource of the model or an EIP address, not to the internet' };
    // The internet beyond the model: every public address but the model's own EIPs (a flow to one of those comes back in).
    const eips = intervals.fromRanges([...model.eips.values()].map((e) => ({ lo: e.address, hi: e.address })));
    return {
      client,
      named: null,
      space: withAxis(pointSpace(protocol, query.port, src, 0, srcPort, code), 'dst', intervals.subtract(INTERNET_ADDRESSES, eips)),
      wide: 'dst',
    };
  }
  const r = model.resources.get(query.to);
  if (r) {
    if (hasAddress(r)) return { client, named: r.id, space: pointSpace(protocol, query.port, src, r.ip, srcPort, code), wide };
    return {
      code: 'wrong-kind',
      field: 'to',
      message: `"${query.to}" is ${withArticle(KIND_LABEL[r.kind])}; --to takes an endpoint, instance or load balancer id, internet, or an IPv4 address`,
    };
  }
  const ip = parseIpv4(query.to);
  if (!ip.ok) {
    const ids = [...model.endpoints.keys(), ...model.instances.keys(), ...model.loadBalancers.keys()];
    return {
      code: 'not-found',
      field: 'to',
      message: `"${query.to}" is neither a resource id nor an IPv4 address`,
      hint: suggestId(query.to, ids, 'endpoints, instances and load balancers'),
    };
  }
  return { client, named: null, space: pointSpace(protocol, query.port, src, ip.value, srcPort, code), wide };
}

/** The sources `from` names on the internet: every public address for `internet`, or one public address; null for anything else. */
function fromInternet(from: string): typeof INTERNET_ADDRESSES | null {
  if (from === INTERNET.id) return INTERNET_ADDRESSES;
  const ip = parseIpv4(from);
  return ip.ok && intervals.has(INTERNET_ADDRESSES, ip.value) ? [{ lo: ip.value, hi: ip.value }] : null;
}

function ipLike(text: string): boolean {
  return parseIpv4(text).ok;
}

/** What is wrong with a flow's source port: none on ICMP, and whole numbers 1-65535 otherwise; null when it is right. */
export function sourcePortError(srcPort: number, protocol: FlowProtocol): QueryError | null {
  if (protocol === 'icmp')
    return { code: 'invalid-value', field: 'srcPort', message: 'an ICMP flow has no source port', hint: 'leave out the source port, or ask for tcp or udp' };
  if (!Number.isInteger(srcPort) || srcPort < 1 || srcPort > 65535)
    return {
      code: 'invalid-value',
      field: 'srcPort',
      message: `source port ${srcPort} is out of range`,
      hint: 'source ports are whole numbers from 1 to 65535',
    };
  return null;
}

/**
 * What is wrong with a flow's ICMP code: only an ICMP flow has one, a whole number 0-255; null when it is right. A code
 * the registry does not define for the type is asked as given (a rule on that code matches it).
 */
export function icmpCodeError(icmpCode: number, protocol: FlowProtocol): QueryError | null {
  if (protocol !== 'icmp')
    return { code: 'invalid-value', field: 'icmpCode', message: `a ${protocol} flow has no ICMP code`, hint: 'leave out the ICMP code, or ask for icmp' };
  if (!Number.isInteger(icmpCode) || icmpCode < 0 || icmpCode > MAX_ICMP_CODE)
    return {
      code: 'invalid-value',
      field: 'icmpCode',
      message: `ICMP code ${icmpCode} is out of range`,
      hint: 'ICMP codes are whole numbers from 0 to 255; type 3 code 4 is fragmentation needed',
    };
  return null;
}

/** The source ports of a query's flow: the one it names, or any its client picks. */
function sourcePortOf(query: TraceQuery, protocol: FlowProtocol): IntervalSet | QueryError {
  if (query.srcPort === undefined) return PICKED_SOURCE_PORTS;
  return sourcePortError(query.srcPort, protocol) ?? [{ lo: query.srcPort, hi: query.srcPort }];
}

const QUERY_FIELDS = ['from', 'to', 'port', 'protocol', 'srcPort', 'icmpCode'];

/** A value as a query error names it: `undefined`, `the string "443"`, `an object`. */
export function describeValue(v: unknown): string {
  if (v === undefined || v === null) return String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return Array.isArray(v) ? 'a list' : `${typeof v === 'object' ? 'an object' : `a ${typeof v}`}`;
}

/**
 * What is wrong with a query's shape, for callers without types (plain JavaScript, data read from a file): not an
 * object, an unknown field, a field of the wrong type. Null when the shape is right.
 */
function queryShapeError(query: unknown): QueryError | null {
  if (query === null || typeof query !== 'object' || Array.isArray(query))
    return {
      code: 'malformed',
      field: 'query',
      message: `a query is an object { from, to, port, protocol?, srcPort?, icmpCode? }; got ${describeValue(query)}`,
    };
  const q = query as Record<string, unknown>;
  for (const k of Object.keys(q)) {
    if (!QUERY_FIELDS.includes(k))
      return {
        code: 'malformed',
        field: 'query',
        message: `unknown field "${k}"`,
        hint: didYouMean(k, QUERY_FIELDS) ?? 'fields: from, to, port, protocol, srcPort, icmpCode',
      };
  }
  if (typeof q.from !== 'string')
    return { code: 'malformed', field: 'from', message: `from must be an instance id, internet or a public address (a string); got ${describeValue(q.from)}` };
  if (typeof q.to !== 'string')
    return {
      code: 'malformed',
      field: 'to',
      message: `to must be an endpoint, instance or load balancer id, or an IPv4 address (a string); got ${describeValue(q.to)}`,
    };
  if (typeof q.port !== 'number') {
    const digits = typeof q.port === 'string' && /^\d+$/.test(q.port.trim());
    return {
      code: 'malformed',
      field: 'port',
      message: `port must be a number; got ${describeValue(q.port)}`,
      hint: digits ? `write port: ${Number(q.port)}` : 'ports are whole numbers from 1 to 65535',
    };
  }
  if (q.protocol !== undefined && q.protocol !== 'tcp' && q.protocol !== 'udp' && q.protocol !== 'icmp')
    return { code: 'malformed', field: 'protocol', message: `protocol must be "tcp", "udp" or "icmp"; got ${describeValue(q.protocol)}` };
  return pickedShapeError(q);
}

/** The values a sender picks that `v` names, and no others (a question's PickedValues, from fields that may be unset). */
export function pickedValues(v: { readonly srcPort?: number | undefined; readonly icmpCode?: number | undefined }): PickedValues {
  return { ...(v.srcPort !== undefined ? { srcPort: v.srcPort } : {}), ...(v.icmpCode !== undefined ? { icmpCode: v.icmpCode } : {}) };
}

/** What is wrong with the shape of the values a sender picks in a query or policy (PickedValues): each, if given, a number. */
export function pickedShapeError(q: Readonly<Record<string, unknown>>): QueryError | null {
  const hints = { srcPort: 'source ports are whole numbers from 1 to 65535', icmpCode: 'ICMP codes are whole numbers from 0 to 255' } as const;
  for (const field of ['srcPort', 'icmpCode'] as const)
    if (q[field] !== undefined && typeof q[field] !== 'number')
      return { code: 'malformed', field, message: `${field} must be a number; got ${describeValue(q[field])}`, hint: hints[field] };
  return null;
}

/** "did you mean …?" when an id is close to one of the model's; otherwise a few of them, never all. */
function suggestId(id: string, ids: readonly string[], what: string): string {
  const near = didYouMean(id, ids);
  if (near) return near;
  if (ids.length === 0) return `the model has no ${what}`;
  const shown = ids.slice(0, 5).join(', ');
  return ids.length > 5 ? `${what} include ${shown} (${ids.length} in all)` : `${what}: ${shown}`;
}
