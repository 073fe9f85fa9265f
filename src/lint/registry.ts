import type { LintRule } from './types.js';
import { accessControlUnused } from './rules/access-control-unused.js';
import { ipReserved } from './rules/ip-reserved.js';
import { longWhitelist } from './rules/long-whitelist.js';
import { memberOutsideVpc } from './rules/member-outside-vpc.js';
import { noPortMappings } from './rules/no-port-mappings.js';
import { serviceName } from './rules/service-name.js';
import { aclBypassedByL4Listener } from './rules/acl-bypassed-by-l4-listener.js';
import { aclUnused } from './rules/acl-unused.js';
import { elbAclBlocksVpcep } from './rules/elb-acl-blocks-vpcep.js';
import { elbMemberMissingElbRange } from './rules/elb-member-missing-elb-range.js';
import { elbHealthCheckBlocked } from './rules/elb-health-check-blocked.js';
import { elbSingleHealthyMember } from './rules/elb-single-healthy-member.js';
import { endpointNotUsable } from './rules/endpoint-not-usable.js';
import { endpointWhitelistExcludesVpc } from './rules/endpoint-whitelist-excludes-vpc.js';
import { endpointClosedToVpc } from './rules/endpoint-closed-to-vpc.js';
import { portMappingDeadEnd } from './rules/port-mapping-dead-end.js';
import { serviceOpenToAnyAccount } from './rules/service-open-to-any-account.js';
import { sgRuleRedundant } from './rules/sg-rule-redundant.js';
import { sgRuleShadowed } from './rules/sg-rule-shadowed.js';
import { aclRuleShadowed } from './rules/acl-rule-shadowed.js';
import { sgUnused } from './rules/sg-unused.js';
import { sgWorldOpenSensitivePort } from './rules/sg-world-open-sensitive-port.js';
import { vpcepBackendMissingRange } from './rules/vpcep-backend-missing-range.js';
import { vpcepBackendPartialRange } from './rules/vpcep-backend-partial-range.js';
import { vpcepRangeShadowedByDeny } from './rules/vpcep-range-shadowed-by-deny.js';
import { peeringBypassesEndpoint } from './rules/peering-bypasses-endpoint.js';
import { peeringRouteWithoutReturn } from './rules/peering-route-without-return.js';
import { peeringRouteNotActive } from './rules/peering-route-not-active.js';
import { dnatDeadEnd } from './rules/dnat-dead-end.js';
import { endpointWhitelistOff } from './rules/endpoint-whitelist-off.js';
import { aclSwitchedOff } from './rules/acl-switched-off.js';
import { aclSourcePortsNarrow } from './rules/acl-source-ports-narrow.js';
import { sgIcmpCodeUndefined } from './rules/sg-icmp-code-undefined.js';
import { peeringOverlappingCidrs } from './rules/peering-overlapping-cidrs.js';

/** Every lint rule, in documentation order. Each has src/lint/rules/<id>.ts, test/lint/rules/<id>.test.ts and docs/lint/<id>.md. */
export const LINT_RULES: readonly LintRule[] = [
  vpcepBackendMissingRange,
  vpcepBackendPartialRange,
  vpcepRangeShadowedByDeny,
  elbAclBlocksVpcep,
  elbMemberMissingElbRange,
  portMappingDeadEnd,
  endpointNotUsable,
  serviceOpenToAnyAccount,
  peeringBypassesEndpoint,
  peeringRouteWithoutReturn,
  peeringRouteNotActive,
  dnatDeadEnd,
  peeringOverlappingCidrs,
  endpointWhitelistExcludesVpc,
  endpointWhitelistOff,
  endpointClosedToVpc,
  elbSingleHealthyMember,
  elbHealthCheckBlocked,
  sgWorldOpenSensitivePort,
  sgIcmpCodeUndefined,
  sgRuleShadowed,
  aclRuleShadowed,
  sgRuleRedundant,
  aclBypassedByL4Listener,
  sgUnused,
  aclUnused,
  aclSwitchedOff,
  aclSourcePortsNarrow,
  noPortMappings,
  serviceName,
  longWhitelist,
  accessControlUnused,
  memberOutsideVpc,
  ipReserved,
];
