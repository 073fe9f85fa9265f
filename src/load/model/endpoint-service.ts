/** VPC endpoint services: backend, port mappings, permissions. */
import type { Backend, PortMapping } from '../../model/index.js';
import type { RawEndpointService } from '../schema.js';
import type { DataPath } from '../source.js';
import { KIND_LABEL, type ValidationContext } from './context.js';
import { ref } from './ids.js';
import { LIMITS } from './limits.js';
import { portAt, tagsAt } from './values.js';

/** Permission forms: any account, an account id, an account name, an organization path (Huawei VPCEP docs). */
const PERMISSION = /^(\*|iam:domain::[A-Za-z0-9_*-]{1,64}|iam:domainName::[^\s:]{1,64}|organizations:orgPath::[A-Za-z0-9/*?-]{1,1024})$/;

export function buildEndpointService(ctx: ValidationContext, raw: RawEndpointService, path: DataPath): void {
  const vpcOk = ref(ctx, [...path, 'vpc'], raw.vpc, ['vpc']);
  const vpc = ctx.vpcs.get(raw.vpc);
  const serviceType = raw.serviceType ?? 'interface';
  if (serviceType !== 'interface') {
    ctx.error(
      'service-type',
      [...path, 'serviceType'],
      `service type "${serviceType}" cannot be created; the type can only be interface`,
      'set serviceType: interface (gateway services are operated by the cloud)',
    );
  }
  // Backend
  const b = raw.backend;
  let backend: Backend | undefined;
  const backendId = b.kind === 'elb' ? b.loadBalancer : b.instance;
  const backendField = b.kind === 'elb' ? 'loadBalancer' : 'instance';
  const bp = [...path, 'backend', backendField];
  const reg = ctx.ids.get(backendId);
  if (!reg) {
    ref(ctx, bp, backendId, b.kind === 'elb' ? ['loadBalancer'] : ['instance']);
  } else if (b.kind === 'elb' ? reg.kind !== 'loadBalancer' : reg.kind !== 'instance' || (reg.sub !== undefined && reg.sub !== b.kind)) {
    const actual = reg.kind === 'instance' ? `${(reg.sub ?? 'an').toUpperCase()} instance` : `a ${KIND_LABEL[reg.kind]}`;
    const want = b.kind === 'elb' ? 'a load balancer' : `a ${b.kind.toUpperCase()} instance`;
    const fix =
      reg.kind === 'loadBalancer'
        ? 'kind: elb with loadBalancer:'
        : reg.kind === 'instance'
          ? `kind: ${reg.sub ?? 'ecs'} with instance:`
          : 'a load balancer, ECS or BMS id';
    ctx.error(
      'backend-kind-mismatch',
      bp,
      `backend kind "${b.kind}" needs ${want}, but "${backendId}" is ${actual.startsWith('a ') ? actual : `an ${actual}`}`,
      `use ${fix}`,
    );
  } else {
    backend = b.kind === 'elb' ? { kind: 'elb', loadBalancer: b.loadBalancer } : { kind: b.kind, instance: b.instance };
    const target = b.kind === 'elb' ? ctx.loadBalancers.get(backendId) : ctx.instances.get(backendId);
    if (target && vpc && target.vpc !== raw.vpc) {
      ctx.error(
        'backend-outside-vpc',
        bp,
        `backend "${backendId}" is in VPC "${target.vpc}", but the service is in VPC "${raw.vpc}"`,
        'the backend resource must be in the same VPC as the endpoint service',
      );
    }
  }
  // Port mappings
  const mappings: PortMapping[] = [];
  const list = raw.portMappings ?? [];
  if (list.length > LIMITS.maxPortMappings) {
    ctx.error(
      'too-many-port-mappings',
      [...path, 'portMappings'],
      `${list.length} port mappings; the API takes at most ${LIMITS.maxPortMappings} in one request, and an update replaces the whole list, so the cloud refuses it`,
      `remove ${list.length - LIMITS.maxPortMappings} mapping(s) or split the service`,
    );
  }
  const terminal = new Map<number, number>();
  let mappingsOk = true;
  list.forEach((m, i) => {
    if (m === null) return;
    const p = [...path, 'portMappings', i];
    const proto = (m.protocol ?? 'tcp').toLowerCase();
    if (proto !== 'tcp') {
      ctx.error(
        'port-mapping-protocol',
        [...p, 'protocol'],
        `port-mapping protocol "${m.protocol}" is not supported; the protocol is TCP`,
        'set protocol: tcp',
      );
      mappingsOk = false;
    }
    const sp = portAt(ctx, [...p, 'servicePort'], m.servicePort);
    const tp = portAt(ctx, [...p, 'terminalPort'], m.terminalPort);
    if (sp === undefined || tp === undefined) {
      mappingsOk = false;
      return;
    }
    const prev = terminal.get(tp);
    if (prev !== undefined) {
      ctx.error(
        'duplicate-terminal-port',
        [...p, 'terminalPort'],
        `terminal port ${tp} is already mapped by ${ctx.source.locate([...path, 'portMappings', prev, 'terminalPort']).address ?? `portMappings[${prev}]`}`,
        'an endpoint port can forward to only one service port; remove or change one mapping',
      );
      mappingsOk = false;
    } else terminal.set(tp, i);
    // Two services may not forward to the same port of the same backend (OTC VPCEP API; domain notes §1.3).
    const key = `${backendId}/${sp}`;
    const other = ctx.servicePorts.get(key);
    if (other && other.service !== raw.id) {
      ctx.error(
        'duplicate-service-port',
        [...p, 'servicePort'],
        `service port ${sp} of backend "${backendId}" is already mapped by service "${other.service}" (line ${ctx.source.locate(other.path).line})`,
        'a backend port can serve only one endpoint service; use another service port, or add the mapping to that service',
      );
      mappingsOk = false;
    } else if (!other) ctx.servicePorts.set(key, { service: raw.id, path: [...p, 'servicePort'] });
    mappings.push({ protocol: 'tcp', servicePort: sp, terminalPort: tp, loc: ctx.loc(p) });
  });
  // Permissions
  (raw.permissions ?? []).forEach((perm, i) => {
    if (!PERMISSION.test(perm)) {
      const fixed = /^[A-Za-z0-9_-]{1,64}$/.test(perm)
        ? `write "iam:domain::${perm}" for an account id, or "iam:domainName::${perm}" for an account name`
        : 'write "iam:domain::<account id>", "iam:domainName::<account name>", "organizations:orgPath::<path>" or "*"';
      ctx.error('invalid-permission', [...path, 'permissions', i], `permission "${perm}" is not one of the forms VPCEP accepts`, fixed);
    }
  });
  const tags = tagsAt(ctx, path, raw.tags);
  if (!vpcOk || !vpc || !backend || !mappingsOk || serviceType !== 'interface') return;
  ctx.endpointServices.set(raw.id, {
    kind: 'endpointService',
    id: raw.id,
    loc: ctx.loc(path),
    tags,
    name: raw.name ?? null,
    account: raw.account ?? vpc.account,
    region: raw.region ?? vpc.region,
    vpc: raw.vpc,
    serviceType: 'interface',
    approval: raw.approval ?? true,
    approvalDefaulted: raw.approval === undefined,
    backend,
    portMappings: mappings,
    permissions: [...(raw.permissions ?? [])],
  });
}
