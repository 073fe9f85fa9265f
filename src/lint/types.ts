import type { Model, SourceLocation } from '../model/index.js';
import type { CompiledModel } from '../sim/compile.js';
import type { PathStep, Simulator } from '../sim/engine.js';
import type { EndpointService, PortMapping } from '../model/index.js';

/** How serious a finding is. `info` findings never fail a run. */
export type LintSeverity = 'error' | 'warning' | 'info';

/** What a rule reports, with the data its message is built from (the message text is the rule's, not the finding's). */
export interface RawFinding<M extends string = string> {
  readonly messageId: M;
  readonly data: Readonly<Record<string, string | number>>;
  /** The resource or rule at fault. */
  readonly location: SourceLocation;
  /** The severity when it depends on the finding (exposure); the rule's default otherwise. */
  readonly severity?: LintSeverity;
  /** A structured edit of the model that removes the finding, when the remedy is clear. */
  readonly fix?: LintFix;
  /** A flow that shows the problem, as the trace command that explains it hop by hop. */
  readonly witness?: string;
}

/** A structured edit of the model. */
export type LintFix =
  | {
      readonly kind: 'add-security-group-rule';
      readonly group: string;
      readonly rule: {
        readonly direction: 'ingress' | 'egress';
        readonly protocol: 'tcp' | 'udp' | 'icmp' | 'any';
        readonly ports?: number | string;
        readonly source?: string;
        readonly action: 'allow';
        readonly priority: number;
        readonly description: string;
      };
    }
  | {
      /** Put first among the ACL's rules of that direction (priority 1, ahead of every rule of equal priority). */
      readonly kind: 'add-network-acl-rule';
      readonly acl: string;
      readonly direction: 'inbound' | 'outbound';
      readonly rule: {
        readonly protocol: 'tcp' | 'udp' | 'icmp' | 'any';
        readonly ports?: number | string;
        readonly source?: string;
        readonly action: 'allow';
        readonly priority: number;
        readonly description: string;
      };
    }
  | { readonly kind: 'add-access-control-cidr'; readonly listener: string; readonly cidr: string }
  | { readonly kind: 'remove-access-control-cidr'; readonly listener: string; readonly cidr: string }
  | { readonly kind: 'set-field'; readonly resource: string; readonly field: string; readonly value: string | number | boolean }
  /** A security-group rule's priority changed (rules[index] of the group): the rule then decides before others. */
  | { readonly kind: 'set-rule-priority'; readonly group: string; readonly index: number; readonly priority: number };

/** A lint rule: an id, a default severity, one line of description, its messages, and the check. */
export interface LintRule<M extends string = string> {
  readonly id: string;
  readonly severity: LintSeverity;
  readonly description: string;
  /** Message templates by id; `{{name}}` is replaced by the finding's data. */
  readonly messages: Readonly<Record<M, string>>;
  /** The findings; each names one of `messages` (the runner checks). */
  check(ctx: LintContext): Iterable<RawFinding>;
}

/** A finding as reported: the rule's id, the severity in force, and the message built from its data. */
export interface LintFinding {
  readonly ruleId: string;
  readonly severity: LintSeverity;
  readonly messageId: string;
  readonly data: Readonly<Record<string, string | number>>;
  readonly message: string;
  readonly location: SourceLocation;
  readonly fix?: LintFix;
  /** For a model read from Terraform: the fix as a change of the configuration, in the provider's terms. */
  readonly terraformFix?: string;
  readonly witness?: string;
}

/** The paths a mapping's flows take from its endpoint service onward, as the engine walks them. */
export interface ServicePaths {
  readonly mapping: PortMapping;
  readonly paths: readonly (readonly PathStep[])[];
}

/** What a rule may look at: the model, its compiled rules, and the engine's walks from each endpoint service. */
export interface LintContext {
  readonly model: Model;
  readonly cm: CompiledModel;
  /** One entry per port mapping of the service: every path of any consumer's flow on its terminal port. */
  servicePaths(service: EndpointService): readonly ServicePaths[];
  /** A simulator of the model on the context's compiled rules, made on first use: for rules that ask whole paths. */
  simulator(): Simulator;
}
