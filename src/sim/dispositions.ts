/**
 * The closed vocabulary of dispositions: one success value and named failure codes.
 * Each has one section in docs/dispositions.md (a test keeps the two in step).
 */
export const DISPOSITIONS = {
  DELIVERED: 'The flow reached a process on the destination.',
  SG_EGRESS_DENIED: "The client's security groups do not allow the flow out.",
  SG_EGRESS_PARTIAL: "The client's security groups let out only part of the ICMP codes the flow's type may carry.",
  SG_INGRESS_DENIED: "The destination's security groups do not admit the flow's source on that port.",
  SG_INGRESS_PARTIAL: "The destination's security groups admit only part of the source range the flow may come from, or of the ICMP codes its type may carry.",
  ACL_OUTBOUND_DENIED: 'The network ACL of the sending subnet does not let the flow out.',
  ACL_OUTBOUND_PARTIAL: 'The network ACL of the sending subnet lets out only part of the source ports the client may pick.',
  ACL_INBOUND_DENIED: 'The network ACL of the receiving subnet does not let the flow in.',
  ACL_INBOUND_PARTIAL: 'The network ACL of the receiving subnet lets in only part of the source addresses or source ports the flow may come from.',
  NO_ROUTE: "The destination is not in the client's VPC, and neither an endpoint there nor a route into a peering connection leads to it.",
  UNKNOWN_DESTINATION: "The destination address is inside the client's VPC but no modelled resource holds it.",
  PEERING_NOT_ACTIVE: 'The route leads into a VPC peering connection that is not active (not yet accepted, rejected, expired or deleted).',
  ROUTE_LEAVES_MODEL:
    'The route leads to a next hop the model does not hold (a VPN, Direct Connect, an Enterprise Router, a NAT gateway not in the model, an ECS or a virtual IP): what happens beyond it is unknown.',
  NO_RETURN_ROUTE: "The destination's side has no route back to the client through the peering connection the flow came by, so the connection never completes.",
  NOT_EXPOSED: 'From the internet: no EIP is bound to the destination and no DNAT rule forwards to it, or no modelled resource holds the public address.',
  NO_SNAT_RULE: "The route leads to a NAT gateway, but none of its SNAT rules serves the client's address.",
  NO_DNAT_RULE: "The NAT gateway has no DNAT rule that forwards the flow's protocol and port on the EIP (to the named destination).",
  ENDPOINT_NOT_ACCEPTED: "The VPC endpoint's connection status is not accepted.",
  ENDPOINT_WHITELIST_DENIED: "The VPC endpoint's whitelist does not contain the client's address.",
  ENDPOINT_PERMISSION_DENIED: "The endpoint service's permissions do not include the endpoint's account.",
  PROTOCOL_NOT_SUPPORTED: 'The flow uses a protocol the hop does not carry (VPC endpoints carry TCP only).',
  NO_PORT_MAPPING: 'The endpoint service has no port mapping for the terminal port the client used.',
  NO_LISTENER: 'The load balancer has no listener for the flow’s protocol and port.',
  ELB_ACCESS_CONTROL_DENIED: "The listener's access control rejects the flow's source.",
  ELB_ACCESS_CONTROL_PARTIAL: "The listener's access control admits only part of the source range the flow may come from.",
  NO_HEALTHY_MEMBER: 'The listener has no healthy member with a weight above 0.',
  MEMBER_IN_OTHER_VPC:
    'The member is in another VPC than its load balancer, which forwards only to members in its own VPC (shared load balancers always; dedicated ones unless IP as a backend is on).',
  ELB_HAIRPIN: 'The client is itself a member of a layer-4 listener that passes the client’s address through: on the path to itself the reply is lost.',
  NOT_LISTENING: 'The destination instance does not listen on the port.',
} as const;

/** A disposition code. */
export type DispositionCode = keyof typeof DISPOSITIONS;

/** Every disposition code, in documentation order. */
export const DISPOSITION_CODES = Object.keys(DISPOSITIONS) as DispositionCode[];

/** True when `code` is a disposition code. */
export function isDispositionCode(code: string): code is DispositionCode {
  return Object.prototype.hasOwnProperty.call(DISPOSITIONS, code);
}

/** Codes that mean "works only for part of what the sender may pick" (source addresses, source ports or ICMP codes). */
export const PARTIAL_CODES: ReadonlySet<DispositionCode> = new Set([
  'SG_EGRESS_PARTIAL',
  'SG_INGRESS_PARTIAL',
  'ACL_OUTBOUND_PARTIAL',
  'ACL_INBOUND_PARTIAL',
  'ELB_ACCESS_CONTROL_PARTIAL',
]);
