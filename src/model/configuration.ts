/** How a change is said in the configuration a model was read from (the front end's terms). */

/** A security-group rule to add, in model terms. */
export interface SecurityGroupRuleChange {
  readonly direction: 'ingress' | 'egress';
  readonly protocol: string;
  readonly ports?: number | string | undefined;
  /** The source (ingress) or destination (egress) CIDR. */
  readonly peer: string;
  readonly priority?: number | undefined;
  readonly description?: string | undefined;
}

/** A network ACL rule to add, in model terms: `peer` is the source (inbound) or destination (outbound) CIDR. */
export interface NetworkAclRuleChange {
  readonly direction: 'inbound' | 'outbound';
  readonly protocol: string;
  readonly ports?: number | string | undefined;
  readonly peer: string;
}

/**
 * How the configuration a model was read from says a change of it: for a model read from a Terraform plan or state,
 * in the huaweicloud provider's terms. The front end that read the model supplies it as `Model.configuration` (null
 * for a model file, whose own terms the trace and lint use): the engine and lint never ask where a model came from,
 * they ask its configuration to say the change, and fall back to the model's terms where it says nothing (undefined).
 */
export interface ConfigurationWords {
  /** The configuration's name, as a fix cites it ("in Terraform: …"). */
  readonly name: string;
  /** A rule added to a security group. */
  addSecurityGroupRule(group: string, rule: SecurityGroupRuleChange): string | undefined;
  /** A rule added to a network ACL, placed as `where` says. */
  addNetworkAclRule(acl: string, rule: NetworkAclRuleChange, where: string): string | undefined;
  /** An address added to or removed from a listener's access control. */
  changeAccessControl(listener: string, change: 'add' | 'remove', cidr: string): string | undefined;
  /** A model field of a resource set to a value. */
  setField(resource: string, field: string, value: string | number | boolean): string | undefined;
  /** The priority of a security group's rule (by its index in the model) changed. */
  setRulePriority(group: string, index: number, priority: number): string | undefined;
  /** An endpoint's connection accepted by the owner of its service. */
  acceptEndpoint(service: string, endpoint: string): string | undefined;
  /** A dedicated load balancer allowed to forward to members in other VPCs (IP as a backend). */
  allowCrossVpcBackends(loadBalancer: string): string | undefined;
}
