import type { FlowProtocol } from '../net/index.js';
import type { Resource, Result } from '../model/index.js';
import type { DispositionCode } from './dispositions.js';

/** Overall answer for a flow. */
export type Verdict = 'reachable' | 'unreachable' | 'partial';

/** Flow headers in printable form. `src` is an address, a CIDR, or a comma-separated list of ranges. */
export interface FlowView {
  readonly protocol: FlowProtocol;
  readonly src: string;
  readonly dst: string;
  readonly dstPort: number;
  /** The source port, when the flow has one port (the query named it, or a pass-through kept it); absent: any its sender picks. */
  readonly srcPort?: number;
  /** An ICMP flow's code, when it has one (the query named it, or a rule on codes left one); absent: any its type defines. */
  readonly icmpCode?: number;
}

/** What a filter step looked at. */
export type FilterKind =
  | 'security-group'
  | 'network-acl'
  | 'endpoint-status'
  | 'endpoint-whitelist'
  | 'endpoint-permission'
  | 'protocol'
  | 'port-mapping'
  | 'listener'
  | 'listener-access-control'
  | 'member-health'
  | 'listening-port'
  | 'route'
  | 'snat-rule'
  | 'dnat-rule';

/** A rule that decided (part of) a filter, with where it is written. */
export interface RuleRef {
  /** Id of the resource holding the rule (security group, network ACL, …). */
  readonly resource: string;
  /** Position in the resource's rule list (0-based), or -1 for a built-in rule. */
  readonly index: number;
  /** The rule in words. */
  readonly text: string;
  readonly action: 'allow' | 'deny';
  /** The part of the flow's source range this rule decided. */
  readonly matched: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** For a model read from Terraform JSON: the resource address (and attribute) of the rule. */
  readonly address?: string;
}

/** One thing that happened at a hop. */
export type Step =
  | { readonly type: 'originate'; readonly flow: FlowView }
  | {
      readonly type: 'filter';
      readonly filter: FilterKind;
      /** Id of the resource doing the filtering. */
      readonly resource: string;
      readonly direction?: 'ingress' | 'egress' | 'inbound' | 'outbound';
      readonly decision: 'allow' | 'deny' | 'partial' | 'bypass';
      /** Rules that decided, in evaluation order; empty when the default applied. */
      readonly rules: readonly RuleRef[];
      readonly detail: string;
      /** Where the filtering resource is declared. */
      readonly location?: { readonly file: string; readonly line: number; readonly column: number };
      /** For a partial decision: what to change so the whole range passes. */
      readonly fix?: string;
    }
  | {
      readonly type: 'transform';
      readonly transform: 'port-mapping' | 'vpcep-snat' | 'elb-fullnat' | 'eip-nat' | 'snat' | 'dnat';
      readonly before: FlowView;
      readonly after: FlowView;
      readonly detail: string;
    }
  | { readonly type: 'forward'; readonly to: string; readonly detail: string }
  | { readonly type: 'deliver'; readonly to: string; readonly detail: string }
  | {
      readonly type: 'drop';
      readonly code: DispositionCode;
      readonly detail: string;
      /** What to change so the flow passes, when the engine can tell. */ readonly fix?: string;
    };

/** A node on the path and what happened there. `notes` record the assumptions the engine made. */
export interface Hop {
  readonly node: string;
  readonly kind: Resource['kind'];
  readonly steps: Step[];
  readonly notes: string[];
}

/** How one path ended. */
export type TraceStatus = 'delivered' | 'partial' | 'dropped';

/** One path of a flow (one per load-balancer member). */
export interface Trace {
  readonly disposition: DispositionCode;
  readonly status: TraceStatus;
  /** The resource where the path stopped (the filter that dropped it, or the instance it reached). */
  readonly at: string;
  readonly hops: readonly Hop[];
}

/** The answer for one flow. */
export interface TraceResult {
  readonly verdict: Verdict;
  readonly code: DispositionCode;
  readonly at: string;
  readonly flow: FlowView & { readonly from: string; readonly to: string };
  readonly traces: readonly Trace[];
}

/**
 * One thing that stops a flow, or lets only part of it through, with its fix (`trace --all-blockers`). Listed in
 * path order; fixing every one is what the flow needs, as far as vpcreach can see.
 */
export interface PathBlocker {
  readonly code: DispositionCode;
  /** Where the code is reported (a group's instance, a subnet, the endpoint, the service, …). */
  readonly at: string;
  /** The hop on the path where it happens. */
  readonly node: string;
  readonly detail: string;
  readonly fix?: string;
  /**
   * False for what vpcreach cannot look past (no route, no port mapping, no listener, …): what lies beyond depends
   * on how it is fixed, so the list may go on after it is fixed.
   */
  readonly passable: boolean;
}

/** Every blocker of a flow, and whether fixing them all makes it reachable. */
export interface AllBlockers {
  readonly blockers: readonly PathBlocker[];
  /** True when, with every blocker listed taken as fixed, every path delivers. */
  readonly complete: boolean;
}

/** A flow to simulate: from an instance to an endpoint, instance, load balancer or address. */
export interface TraceQuery {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol?: FlowProtocol;
  /** The client's source port (tcp and udp); without it, any port the client picks (1024-65535). */
  readonly srcPort?: number;
  /** An ICMP flow's code (0-255); without it, any code the registry defines for its type (the port). */
  readonly icmpCode?: number;
}

/** The values a flow's sender picks, when a question names them: the client's source port, an ICMP flow's code. */
export interface PickedValues {
  readonly srcPort?: number;
  readonly icmpCode?: number;
}

/**
 * What is wrong with a query, by kind: `malformed` (not the shape the function takes: not an object, an unknown field,
 * a value of the wrong type), `not-found` (no such resource, account or set in the model), `wrong-kind` (a resource
 * of a kind the field does not take), `invalid-value` (a port out of range, a protocol or CIDR block that is not one)
 * or `empty-set` (a set that holds nothing the question could be asked of).
 */
export type QueryErrorCode = 'malformed' | 'not-found' | 'wrong-kind' | 'invalid-value' | 'empty-set';

/** A query that cannot be answered, and why. */
export interface QueryError {
  readonly code: QueryErrorCode;
  /** Which query field is wrong (`query` for the shape of the whole). */
  readonly field: 'query' | 'from' | 'to' | 'port' | 'protocol' | 'srcPort' | 'icmpCode';
  readonly message: string;
  readonly hint?: string;
}

/** An answer of the engine or of an all-flows question: the value, or why the question cannot be answered. */
export type Answer<T> = Result<T, QueryError>;

export type TraceOutcome = Answer<TraceResult>;
