import { intervals, type Cidr, type FlowProtocol, type IntervalSet } from '../net/index.js';
import type { HealthCheckProtocol, Internet } from './types.js';

/**
 * Huawei Cloud facts the engine relies on, each named once. The loader (range overlaps, the console's limits) and
 * the semantics (source rewrites, presets, pass-through) read them from here. Sources: docs/model-format.md and
 * the source document.
 */

/** The range VPCEP uses as the source address of forwarded traffic; it may pick any address of it. */
export const VPCEP_SOURCE_RANGE: Cidr = { lo: 0xc6138000, hi: 0xc613ffff, prefix: 17 };

/** The reserved public service range: a shared ELB's source towards its members, and the network ACL preset. */
export const SHARED_ELB_SOURCE_RANGE: Cidr = { lo: 0x647d0000, hi: 0x647dffff, prefix: 16 };

/**
 * A network ACL's built-in allow (Huawei preset), evaluated before the ACL's own rules: packets whose destination is
 * the reserved public-service range. Inbound traffic *from* that range (a shared load balancer forwarding to its
 * members) is not covered: it needs a rule of its own. Sources: Huawei 网络ACL简介; OTC firewall overview; Huawei and
 * OTC ELB guides ("configure an inbound rule to permit access from 100.125.0.0/16").
 */
export const ACL_PRESET = {
  destination: SHARED_ELB_SOURCE_RANGE,
  text: 'preset allow to 100.125.0.0/16 (reserved public service range)',
} as const;

/**
 * The addresses of the internet, as a source and a destination of flows: every IPv4 address but those that are never
 * routed there (RFC 6890): 0.0.0.0/8, 10.0.0.0/8 (private), 100.64.0.0/10 (shared; the cloud's 100.125.0.0/16 is in
 * it), 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16, 198.18.0.0/15 (benchmarking; VPCEP's
 * 198.19.128.0/17 is in it) and 224.0.0.0/3 (multicast and reserved). The documentation ranges (192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24) are kept: a witness address comes from them.
 */
export const INTERNET_ADDRESSES: IntervalSet = intervals.subtract(
  [{ lo: 0, hi: 0xffffffff }],
  intervals.fromRanges(
    [
      [0x00000000, 8],
      [0x0a000000, 8],
      [0x64400000, 10],
      [0x7f000000, 8],
      [0xa9fe0000, 16],
      [0xac100000, 12],
      [0xc0a80000, 16],
      [0xc6120000, 15],
      [0xe0000000, 3],
    ].map(([lo, prefix]) => ({ lo: lo!, hi: lo! + 2 ** (32 - prefix!) - 1 })),
  ),
);

/** The address that stands for "someone on the internet" when no other is asked for or found: 203.0.113.1 (RFC 5737, documentation). */
export const INTERNET_WITNESS = 0xcb007101;

/** The internet as a node of paths (see Internet). */
export const INTERNET: Internet = {
  kind: 'internet',
  id: 'internet',
  loc: { file: '', path: '', line: 0, column: 0 },
  tags: {},
};

/**
 * The health-check protocols a backend group of each listener protocol allows (OTC ELB, "health check"): dedicated
 * TCP and HTTP(S) groups take TCP, HTTP or HTTPS checks; shared ones TCP or HTTP; UDP groups a UDP check.
 */
export function healthCheckProtocols(lbKind: 'shared' | 'dedicated', listenerProtocol: string): readonly HealthCheckProtocol[] {
  if (listenerProtocol === 'udp') return ['udp'];
  return lbKind === 'dedicated' ? ['tcp', 'http', 'https'] : ['tcp', 'http'];
}

/** The health-check protocol when the model names none: the listener's transport. */
export function defaultHealthCheckProtocol(listenerProtocol: string): HealthCheckProtocol {
  return listenerTransport({ protocol: listenerProtocol }) === 'udp' ? 'udp' : 'tcp';
}

/** Listener protocols that are layer 4: they may pass the client's address through to members (memberSource). */
export const LAYER4_LISTENER_PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp']);

/**
 * Where a load balancer's traffic to one member comes from, and whether the member's filters apply:
 * - `shared-range`: a shared load balancer's 100.125.0.0/16 (its layer-7 listeners always, its layer-4 ones with
 *   Transfer Client IP off, the default: the API reference, `transparent_client_ip_enable`);
 * - `pass-through`: the client's own address, not filtered: a shared layer-4 listener with Transfer Client IP on
 *   (Huawei ELB, shared backend security groups, 2026: "不受安全组规则和网络ACL限制"), and a dedicated layer-4
 *   listener's instance member without IP as a backend (Huawei and OTC ELB: "security group rules and firewall rules
 *   will not take effect");
 * - `client`: the client's own address, filtered by the member's groups and ACL: a dedicated layer-4 listener's
 *   instance member with IP as a backend on (Transfer Client IP still works for instance members, and the guides lift
 *   the filters only without IP as a backend);
 * - `own-subnet`: an address of a dedicated load balancer's subnet (its layer-7 listeners, and IP-type members, for
 *   which Transfer Client IP does not work: Huawei ELB, "Transfer Client IP Address (Dedicated Load Balancers)").
 */
export type LoadBalancerSource = 'shared-range' | 'client' | 'pass-through' | 'own-subnet';

export function memberSource(
  lb: { readonly lbKind: 'shared' | 'dedicated'; readonly ipAsBackend: boolean },
  listener: { readonly protocol: string; readonly transferClientIp: boolean | null },
  member: { readonly type: 'instance' | 'ip' },
): LoadBalancerSource {
  const layer4 = LAYER4_LISTENER_PROTOCOLS.has(listener.protocol);
  if (lb.lbKind === 'shared') return layer4 && listener.transferClientIp === true ? 'pass-through' : 'shared-range';
  if (!layer4 || member.type === 'ip') return 'own-subnet';
  return lb.ipAsBackend ? 'client' : 'pass-through';
}

/**
 * True when a load balancer forwards to members in other VPCs: only a dedicated one with cross-VPC backends ("IP as a
 * backend"). OTC ELB FAQ: "Shared load balancers … cannot route traffic to backend servers in VPCs that are different
 * from the VPCs of the load balancers"; Huawei ELB: "如果未开启跨VPC后端，请确保后端服务器和负载均衡器属于同一个VPC".
 */
export function routesToOtherVpcs(lb: { readonly lbKind: 'shared' | 'dedicated'; readonly ipAsBackend: boolean }): boolean {
  return lb.lbKind === 'dedicated' && lb.ipAsBackend;
}

/** The protocols a VPC endpoint carries. */
export const ENDPOINT_PROTOCOLS = ['tcp'] as const;

/** Endpoint service names VPCEP accepts: 1-16 letters, digits, _ or - (the API rejects others, EndPoint.3076). */
export const SERVICE_NAME = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * Whether an address is one a Huawei Cloud subnet reserves (network, gateway, DHCP, system, broadcast): the first
 * two and the last three of a subnet of /29 or larger.
 */
export function isReservedAddress(subnet: { readonly lo: number; readonly hi: number; readonly prefix: number }, ip: number): boolean {
  const offset = ip - subnet.lo;
  const last = subnet.hi - subnet.lo;
  return subnet.prefix <= 29 && (offset === 0 || offset === 1 || offset === last || offset === last - 1 || offset === last - 2);
}

/** Limits from the source document (Huawei console rules as of 2023-12). */
export const PROVIDER_LIMITS = {
  /**
   * Port mappings of one service: the API takes at most 200 in one request, and an update replaces the whole list (the
   * VPCEP API reference; error EndPoint.3074 "The maximum of ports has been reached"). The console adds at most 50 per
   * operation; no source gives a per-service total beyond the request's.
   */
  maxPortMappings: 200,
  /** Addresses and CIDR blocks in one ELB IP address group (Huawei ELB: "每个IP地址组最多可添加300个IP地址和网段"; OTC: ≤300 entries). */
  maxIpGroupEntries: 300,
  /** Endpoint whitelist entries: 20 in most sources (OTC, Terraform), 60 in a current Huawei page. */
  endpointWhitelistRecommended: 20,
  endpointWhitelistMax: 60,
  maxTags: 10,
  /** Routes in one route table (Huawei and OTC VPC: "each route table can contain a maximum of 200 routes"). */
  maxRoutesPerTable: 200,
  maxTagKeyLength: 36,
  maxTagValueLength: 43,
} as const;

/** The transport a listener carries: UDP for a UDP listener, TCP for TCP, HTTP and HTTPS listeners. */
export function listenerTransport(listener: { readonly protocol: string }): FlowProtocol {
  return listener.protocol === 'udp' ? 'udp' : 'tcp';
}

/**
 * True when an organization-path permission admits an account's path: the same unit or one inside it; `*` and `?`
 * match any characters and any one character. *(Assumption: VPCEP's documentation gives the format, not the
 * matching; an account inside a permitted unit is taken to be permitted.)*
 */
export function orgPathAdmits(pattern: string, path: string): boolean {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}(/.*)?$`).test(path);
}

/** Whether a service permission admits every account. */
export function admitsEveryone(permission: string): boolean {
  return permission === '*' || permission === 'iam:domain::*';
}
