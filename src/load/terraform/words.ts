/**
 * Changes in the huaweicloud provider's terms: what to write in the Terraform configuration, for a model read from a
 * plan or state. The trace's fixes and lint's fixes both say them this way (through `Model.configuration`); the
 * attribute names are the provider's (`docs/resources/*.md`).
 */
import type { ConfigurationWords, Model, NetworkAclRuleChange, SecurityGroupRuleChange } from '../../model/index.js';

/** The configuration words of a model read from Terraform. */
export function terraformWords(model: Model): ConfigurationWords {
  return {
    name: 'Terraform',
    addSecurityGroupRule: terraformSecurityGroupRule,
    addNetworkAclRule: terraformNetworkAclRule,
    changeAccessControl: (listener, change, cidr) => {
      const l = model.listeners.get(listener);
      const lb = l ? model.loadBalancers.get(l.loadBalancer) : undefined;
      return lb ? terraformAccessControl(listener, lb.lbKind, change, cidr) : undefined;
    },
    setField: terraformSetAttribute,
    setRulePriority: (group, index, priority) => {
      const rule = model.securityGroups.get(group)?.rules[index];
      return rule?.loc.address ? `set priority = ${priority} in ${rule.loc.address}` : undefined;
    },
    acceptEndpoint: terraformApproval,
    allowCrossVpcBackends: () => 'cross_vpc_backend = true',
  };
}

const quoted = (s: string): string => JSON.stringify(s);

/**
 * `add a huaweicloud_networking_secgroup_rule { security_group_id = <group>.id, … }`: an empty protocol is any
 * protocol, ports apply to TCP and UDP only (an ICMP rule's type is its `port_range_min`, and without
 * `port_range_max` it takes every code), `remote_ip_prefix` is the peer of either direction.
 */
function terraformSecurityGroupRule(group: string, r: SecurityGroupRuleChange): string {
  const parts = [`security_group_id = ${group}.id`, `direction = "${r.direction}"`, 'ethertype = "IPv4"'];
  if (r.protocol === 'tcp' || r.protocol === 'udp') {
    parts.push(`protocol = "${r.protocol}"`);
    if (r.ports !== undefined) parts.push(`ports = "${String(r.ports)}"`);
  } else if (r.protocol !== 'any') {
    parts.push(`protocol = "${r.protocol}"`);
    if (r.protocol === 'icmp' && /^\d+$/.test(String(r.ports ?? ''))) parts.push(`port_range_min = ${String(r.ports)}`);
  }
  parts.push(`remote_ip_prefix = "${r.peer}"`, 'action = "allow"');
  if (r.priority !== undefined) parts.push(`priority = ${r.priority}`);
  if (r.description !== undefined) parts.push(`description = ${quoted(r.description)}`);
  return `add a huaweicloud_networking_secgroup_rule { ${parts.join(', ')} }`;
}

/**
 * An `ingress_rules` / `egress_rules` block of a huaweicloud_vpc_network_acl, placed as `where` says (its rules are
 * evaluated in order: the block must come before any that refuses the traffic).
 */
function terraformNetworkAclRule(acl: string, r: NetworkAclRuleChange, where: string): string {
  const parts = ['action = "allow"', 'ip_version = 4', `protocol = "${r.protocol}"`];
  if (r.ports !== undefined && (r.protocol === 'tcp' || r.protocol === 'udp')) parts.push(`destination_port = "${String(r.ports)}"`);
  parts.push(r.direction === 'inbound' ? `source_ip_address = "${r.peer}"` : `destination_ip_address = "${r.peer}"`);
  return `add to ${r.direction === 'inbound' ? 'ingress_rules' : 'egress_rules'} of ${acl}, ${where}: { ${parts.join(', ')} }`;
}

/**
 * A listener's access control, changed: a dedicated listener's addresses are the `ip_list` of the
 * huaweicloud_elb_ipgroup its `ip_group` names; a shared listener's are the `whitelist` of its huaweicloud_lb_whitelist.
 */
function terraformAccessControl(listener: string, loadBalancerKind: 'shared' | 'dedicated', change: 'add' | 'remove', cidr: string): string {
  if (loadBalancerKind === 'dedicated')
    return change === 'add'
      ? `add ip_list { ip = "${cidr}" } to the huaweicloud_elb_ipgroup that ip_group of ${listener} names`
      : `remove the ip_list entry "${cidr}" from the huaweicloud_elb_ipgroup that ip_group of ${listener} names`;
  return change === 'add'
    ? `add ${cidr} to whitelist of the huaweicloud_lb_whitelist of ${listener}`
    : `remove ${cidr} from whitelist of the huaweicloud_lb_whitelist of ${listener}`;
}

/** Model fields that are a provider attribute of the same resource, by model field. */
const ATTRIBUTE_OF_FIELD: Readonly<Record<string, string>> = { approval: 'approval' };

/** `set <attribute> = <value> in <resource>`, or undefined for a field that is no single attribute. */
function terraformSetAttribute(resource: string, field: string, value: string | number | boolean): string | undefined {
  const attribute = ATTRIBUTE_OF_FIELD[field];
  if (attribute === undefined) return undefined;
  return `set ${attribute} = ${typeof value === 'string' ? quoted(value) : String(value)} in ${resource}`;
}

/** An endpoint's connection accepted by the service's owner: a huaweicloud_vpcep_approval that lists it. */
function terraformApproval(service: string, endpoint: string): string {
  return `a huaweicloud_vpcep_approval { service_id = ${service}.id, endpoints = [${endpoint}.id] }`;
}
