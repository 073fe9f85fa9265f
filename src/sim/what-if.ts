/** Compiled models for the questions "what if": every rule filter open, or some filters open (all-blockers, lint). */
import { ALL_ADDRESSES, PROTO_PORT_ANY } from '../net/index.js';
import type { Endpoint, EndpointService, Listener } from '../model/index.js';
import type { FilterDecision } from './decisions.js';
import { CompiledModel, type Grant } from './compile.js';
import { box, type Guard } from './guards.js';

/**
 * The same model with every rule filter open (security groups, network ACLs, listener access control, endpoint
 * whitelists): what still stops a flow there is something no filter rule can change — no route, a protocol the
 * endpoint does not carry, an unmapped port, an endpoint that is not accepted, a missing permission, no listener,
 * no healthy member. Used to keep fix suggestions honest.
 */
export class OpenCompiledModel extends CompiledModel {
  private readonly opened = new Map<string, Guard[]>();

  private open(resource: string): readonly Guard[] {
    let out = this.opened.get(resource);
    if (!out)
      this.opened.set(resource, (out = [{ match: box(PROTO_PORT_ANY, ALL_ADDRESSES, ALL_ADDRESSES), action: 'allow', origin: { kind: 'opened', resource } }]));
    return out;
  }

  override securityGroupGuards(groups: readonly string[]): readonly Guard[] {
    return this.open(groups[0]!);
  }

  override networkAclGuards(aclId: string): readonly Guard[] {
    return this.open(aclId);
  }

  override accessControlGuards(listener: Listener): readonly Guard[] {
    return listener.accessControl.mode === 'all' ? [] : this.open(listener.id);
  }

  override whitelistGuards(endpoint: Endpoint): readonly Guard[] | null {
    return endpoint.whitelistSet === null ? null : this.open(endpoint.id);
  }
}

/**
 * The filters and conditions a path can be looked past, by key: a security group list in one direction, a network
 * ACL in one direction, a listener's access control, an endpoint's whitelist, its acceptance, a service's
 * permission for one account. Null for what cannot be taken as passing (no route, no port mapping, no listener, …):
 * what lies beyond those depends on how they are fixed.
 */
/** The keys of what a path can be looked past (one definition for passableKey and WhatIfCompiledModel). */
const PASSABLE = {
  securityGroups: (direction: string, groups: readonly string[]) => `security-group\u0000${direction}\u0000${groups.join('\u0000')}`,
  networkAcl: (direction: string, acl: string) => `network-acl\u0000${direction}\u0000${acl}`,
  accessControl: (listener: Listener) => `access-control\u0000${listener.id}`,
  whitelist: (endpoint: Endpoint) => `whitelist\u0000${endpoint.id}`,
  status: (endpoint: Endpoint) => `status\u0000${endpoint.id}`,
  permission: (service: EndpointService, account: string) => `permission\u0000${service.id}\u0000${account}`,
};

export function passableKey(d: FilterDecision): string | null {
  if ('spec' in d) {
    const spec = d.spec;
    switch (spec.filter) {
      case 'security-group':
        return PASSABLE.securityGroups(spec.direction, spec.groups);
      case 'network-acl':
        return PASSABLE.networkAcl(spec.direction, spec.acl);
      case 'listener-access-control':
        return PASSABLE.accessControl(spec.listener);
      case 'endpoint-whitelist':
        return PASSABLE.whitelist(spec.endpoint);
    }
  }
  if (d.filter === 'endpoint-status') return PASSABLE.status(d.endpoint);
  if (d.filter === 'endpoint-permission') return PASSABLE.permission(d.service, d.endpoint.account);
  return null;
}

/**
 * The model with the filters and conditions named in `passing` (passableKey) taken as admitting everything: what
 * would stop a flow once those are fixed (`trace --all-blockers`). Everything else is the model's own semantics.
 */
export class WhatIfCompiledModel extends CompiledModel {
  readonly passing = new Set<string>();
  private readonly opened = new Map<string, Guard[]>();

  private open(key: string, resource: string, guards: () => readonly Guard[]): readonly Guard[] {
    if (!this.passing.has(key)) return guards();
    let out = this.opened.get(key);
    if (!out)
      this.opened.set(key, (out = [{ match: box(PROTO_PORT_ANY, ALL_ADDRESSES, ALL_ADDRESSES), action: 'allow', origin: { kind: 'opened', resource } }]));
    return out;
  }

  override securityGroupGuards(groups: readonly string[], direction: 'ingress' | 'egress'): readonly Guard[] {
    return this.open(PASSABLE.securityGroups(direction, groups), groups[0]!, () => super.securityGroupGuards(groups, direction));
  }

  override networkAclGuards(aclId: string, direction: 'inbound' | 'outbound'): readonly Guard[] {
    return this.open(PASSABLE.networkAcl(direction, aclId), aclId, () => super.networkAclGuards(aclId, direction));
  }

  override accessControlGuards(listener: Listener): readonly Guard[] {
    return this.open(PASSABLE.accessControl(listener), listener.id, () => super.accessControlGuards(listener));
  }

  override whitelistGuards(endpoint: Endpoint): readonly Guard[] | null {
    const own = super.whitelistGuards(endpoint);
    return own === null ? null : this.open(PASSABLE.whitelist(endpoint), endpoint.id, () => own);
  }

  override endpointAccepted(endpoint: Endpoint): boolean {
    return super.endpointAccepted(endpoint) || this.passing.has(PASSABLE.status(endpoint));
  }

  override grant(service: EndpointService, account: string): Grant | null {
    const own = super.grant(service, account);
    if (own || !this.passing.has(PASSABLE.permission(service, account))) return own;
    return { kind: 'permission', entry: `iam:domain::${account}`, everyone: false, account };
  }
}
