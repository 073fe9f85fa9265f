import type { FlowSpace } from '../../net/index.js';
import type { Resource } from '../../model/index.js';
import type { CompiledModel } from '../compile.js';
import type { Branch, PathFacts } from '../decisions.js';

/** A resource kind. */
type Kind = Resource['kind'];

/** The resource type of a kind. */
type ResourceOf<K extends Kind> = Extract<Resource, { kind: K }>;

/**
 * What a resource kind does with the flows that reach it: one or more branches of decisions, each ending in a
 * forward, a deliver or a drop. No prose: narration is elsewhere. Interpreted by the concrete trace (one-point
 * spaces) and by any engine that reasons over sets of flows.
 */
export interface KindSemantics<K extends Kind> {
  receive(cm: CompiledModel, node: ResourceOf<K>, space: FlowSpace, facts: PathFacts): Branch[];
}

/** The total registry type: every resource kind has semantics, or says with null that traffic never visits it. */
export type SemanticsRegistry = { readonly [K in Kind]: KindSemantics<K> | null };
