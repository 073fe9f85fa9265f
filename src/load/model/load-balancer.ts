/** Load balancers and their listeners and members. */
import { intervals, type Cidr } from '../../net/index.js';
import {
  LAYER4_LISTENER_PROTOCOLS,
  defaultHealthCheckProtocol,
  healthCheckProtocols,
  listenerTransport,
  type AccessControl,
  type HealthCheck,
  type Member,
} from '../../model/index.js';
import type { RawHealthCheck, RawLoadBalancer } from '../schema.js';
import type { DataPath } from '../source.js';
import type { ValidationContext } from './context.js';
import { ref } from './ids.js';
import { LIMITS } from './limits.js';
import { addressInSubnet, cidrAt, ipAt, portAt, tagsAt, toNumber } from './values.js';

export function buildLoadBalancer(ctx: ValidationContext, raw: RawLoadBalancer, path: DataPath): void {
  const tags = tagsAt(ctx, path, raw.tags);
  const subnetOk = ref(ctx, [...path, 'subnet'], raw.subnet, ['subnet']);
  if (raw.ipAsBackend !== undefined && raw.kind === 'shared') {
    ctx.error(
      'ip-as-backend-shared',
      [...path, 'ipAsBackend'],
      '"ipAsBackend" applies only to dedicated load balancers',
      'remove it, or set kind: dedicated',
      true,
    );
  }
  const placed = subnetOk ? addressInSubnet(ctx, raw.subnet, raw.ip, raw.id, path) : (ipAt(ctx, [...path, 'ip'], raw.ip), undefined);
  const listenerIds: string[] = [];
  const seen = new Map<string, string>();
  (raw.listeners ?? []).forEach((l, i) => {
    if (l === null) return;
    const p = [...path, 'listeners', i];
    listenerIds.push(l.id);
    const listenerTags = tagsAt(ctx, p, l.tags);
    const port = portAt(ctx, [...p, 'port'], l.port);
    if (port !== undefined) {
      const key = `${listenerTransport(l)}/${port}`;
      const prev = seen.get(key);
      if (prev)
        ctx.error(
          'duplicate-listener',
          [...p, 'port'],
          `listener "${prev}" already uses ${listenerTransport(l).toUpperCase()} port ${port} on this load balancer`,
          'give each listener its own port',
        );
      else seen.set(key, l.id);
    }
    const ac = l.accessControl ?? { mode: 'all' as const };
    const cidrs: Cidr[] = [];
    let acOk = true;
    if ((ac.cidrs ?? []).length > LIMITS.maxIpGroupEntries) {
      ctx.error(
        'too-many-access-control-entries',
        [...p, 'accessControl', 'cidrs'],
        `the access control list has ${ac.cidrs!.length} addresses and CIDR blocks; an ELB IP address group holds at most ${LIMITS.maxIpGroupEntries}, so the cloud refuses it`,
        'merge addresses into wider CIDR blocks',
      );
      acOk = false;
    }
    (ac.cidrs ?? []).forEach((c, j) => {
      const parsed = cidrAt(ctx, [...p, 'accessControl', 'cidrs', j], c, true);
      if (parsed) cidrs.push(parsed);
      else acOk = false;
    });
    const accessControl: AccessControl = { mode: ac.mode, cidrs, set: intervals.fromRanges(cidrs) };
    const members: Member[] = [];
    let membersOk = true;
    (l.members ?? []).forEach((m, j) => {
      if (m === null) return;
      const mp = [...p, 'members', j];
      const okRef = ref(ctx, [...mp, 'instance'], m.instance, ['instance']);
      const mport = portAt(ctx, [...mp, 'port'], m.port);
      const weight = toNumber(m.weight ?? 1);
      if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
        ctx.error(
          'invalid-weight',
          [...mp, 'weight'],
          `weight ${String(m.weight)} is not a whole number from 0 to 100`,
          'weights are whole numbers from 0 (no traffic) to 100',
        );
        membersOk = false;
      }
      if (!okRef || mport === undefined) {
        membersOk = false;
        return;
      }
      // An IP-type member needs IP as a backend; a member in another VPC is one (reached by its address).
      const memberVpc = ctx.instances.get(m.instance)?.vpc;
      const type = m.type ?? (placed && memberVpc !== undefined && memberVpc !== placed.subnet.vpc ? 'ip' : 'instance');
      if (m.type === 'ip' && !(raw.kind === 'dedicated' && raw.ipAsBackend === true)) {
        ctx.error(
          'ip-member-needs-ip-backend',
          [...mp, 'type'],
          `an IP-type member needs a dedicated load balancer with IP as a backend; "${raw.id}" ${raw.kind === 'shared' ? 'is shared' : 'has ipAsBackend off'}`,
          raw.kind === 'shared'
            ? 'remove "type: ip", or use a dedicated load balancer with ipAsBackend: true'
            : 'set ipAsBackend: true on the load balancer, or remove "type: ip"',
        );
        membersOk = false;
        return;
      }
      members.push({ instance: m.instance, port: mport, healthy: m.healthy ?? null, weight, type, loc: ctx.loc(mp) });
    });
    const healthCheck = l.healthCheck ? healthCheckAt(ctx, raw.kind, l.protocol, l.healthCheck, [...p, 'healthCheck']) : null;
    // Transfer Client IP can be switched off only on a shared load balancer's TCP and UDP listeners (the API reference,
    // transparent_client_ip_enable): every other listener always transfers the client's address.
    if (l.transferClientIp === false && !(raw.kind === 'shared' && LAYER4_LISTENER_PROTOCOLS.has(l.protocol))) {
      ctx.error(
        'transfer-client-ip-fixed',
        [...p, 'transferClientIp'],
        `Transfer Client IP cannot be switched off on a ${raw.kind} load balancer's ${l.protocol} listener: ${raw.kind === 'dedicated' ? "a dedicated load balancer always transfers the client's address" : 'a layer-7 listener always passes it (in headers)'}`,
        'remove "transferClientIp: false"',
      );
      return;
    }
    if (port === undefined || !acOk || !membersOk || healthCheck === undefined) return;
    ctx.listeners.set(l.id, {
      kind: 'listener',
      id: l.id,
      loc: ctx.loc(p),
      tags: listenerTags,
      loadBalancer: raw.id,
      protocol: l.protocol,
      port,
      accessControl,
      members,
      healthCheck,
      transferClientIp: l.transferClientIp ?? null,
    });
  });
  if (!placed) return;
  ctx.loadBalancers.set(raw.id, {
    kind: 'loadBalancer',
    id: raw.id,
    loc: ctx.loc(path),
    tags,
    lbKind: raw.kind,
    vpc: placed.subnet.vpc,
    subnet: placed.subnet.id,
    ip: placed.ip,
    ipAsBackend: raw.ipAsBackend ?? false,
    listeners: listenerIds,
  });
}

/** A listener's health check: its protocol must be one the backend group allows (OTC ELB, "health check"). */
function healthCheckAt(
  ctx: ValidationContext,
  lbKind: 'shared' | 'dedicated',
  listenerProtocol: string,
  raw: RawHealthCheck,
  path: DataPath,
): HealthCheck | undefined {
  const protocol = raw.protocol ?? defaultHealthCheckProtocol(listenerProtocol);
  const allowed = healthCheckProtocols(lbKind, listenerProtocol);
  let ok = true;
  if (!allowed.includes(protocol)) {
    ctx.error(
      'health-check-protocol',
      [...path, 'protocol'],
      `a ${lbKind} load balancer's ${listenerProtocol} listener cannot have a ${protocol} health check`,
      `use ${allowed.join(' or ')}`,
    );
    ok = false;
  }
  const port = raw.port === undefined ? null : portAt(ctx, [...path, 'port'], raw.port);
  if (port === undefined || !ok) return undefined;
  return { enabled: raw.enabled ?? true, protocol, port, loc: ctx.loc(path) };
}
