/**
 * Policies: an expectation over a set of flows — every instance of a subnet, VPC, security group or account, to every
 * endpoint, load balancer and instance of a subnet, VPC or CIDR, on a list of ports — decided without trying the
 * flows one by one. Each destination is one walk of the set driver from every source at once on the policy's ports
 * (set-ports.ts); each class of a source's ports counts for every flow it holds. The counterexample of a failing policy is the first failing flow in a fixed order (destinations as
 * listed, sources by id, ports ascending), so the same model gives the same counterexample.
 */
import { parseCidr, parseIpv4, protoPortSet, type FlowProtocol, type IntervalSet, type PortRange } from '../net/index.js';
import { didYouMean, hasAddress, INTERNET, KIND_LABEL, withArticle, type Instance, type Model } from '../model/index.js';
import { describeValue, icmpCodeError, pickedShapeError, pickedValues, sourcePortError, type Decided, type Simulator } from '../sim/engine.js';
import { isDispositionCode, type DispositionCode } from '../sim/dispositions.js';
import type { Answer, PickedValues, QueryError, Verdict } from '../sim/types.js';
import type { PortClass } from './ports.js';
import { portClassesBySets, portClassesToOne } from './set-ports.js';

/**
 * What a policy asks of its flows: `reachable`, `unreachable` and `partial`, that every flow ends with that verdict
 * (and, with codes, one of those codes); `some`, that at least one flow is delivered (verdict reachable or partial).
 */
export type PolicyExpect = Verdict | 'some';

/** A policy as the engine takes it: ids and ports already parsed. */
export interface PolicyQuery {
  readonly from: string;
  readonly to: string;
  /** Sorted, merged port ranges. */
  readonly ports: readonly PortRange[];
  readonly protocol: FlowProtocol;
  readonly expect: PolicyExpect;
  /** The codes any of which a flow may end with, or null for any code. */
  readonly codes: readonly DispositionCode[] | null;
  /** The clients' source port (tcp and udp); without it, any port a client picks (1024-65535). */
  readonly srcPort?: number;
  /** The flows' ICMP code (icmp); without it, any code each type defines. */
  readonly icmpCode?: number;
}

/** What a policy can expect of its flows. */
export const POLICY_EXPECTS: readonly PolicyExpect[] = ['reachable', 'unreachable', 'partial', 'some'];

/** What is wrong with a policy query's shape (for callers without types); null when it is right. */
function policyShapeError(q: unknown): QueryError | null {
  if (q === null || typeof q !== 'object' || Array.isArray(q))
    return {
      code: 'malformed',
      field: 'query',
      message: `a policy is an object { from, to, ports, protocol, expect, codes, srcPort?, icmpCode? }; got ${describeValue(q)}`,
    };
  const p = q as Record<string, unknown>;
  const fields = ['from', 'to', 'ports', 'protocol', 'expect', 'codes', 'srcPort', 'icmpCode'];
  for (const k of Object.keys(p))
    if (!fields.includes(k))
      return { code: 'malformed', field: 'query', message: `unknown field "${k}"`, hint: didYouMean(k, fields) ?? `fields: ${fields.join(', ')}` };
  if (typeof p.from !== 'string') return { code: 'malformed', field: 'from', message: `from must be a string; got ${describeValue(p.from)}` };
  if (typeof p.to !== 'string') return { code: 'malformed', field: 'to', message: `to must be a string; got ${describeValue(p.to)}` };
  const isRange = (r: unknown): boolean =>
    r !== null && typeof r === 'object' && Number.isInteger((r as Record<string, unknown>).lo) && Number.isInteger((r as Record<string, unknown>).hi);
  if (!Array.isArray(p.ports) || !(p.ports as unknown[]).every(isRange))
    return { code: 'malformed', field: 'port', message: `ports must be a list of { lo, hi } ranges; got ${describeValue(p.ports)}` };
  if (p.protocol !== 'tcp' && p.protocol !== 'udp' && p.protocol !== 'icmp')
    return { code: 'malformed', field: 'protocol', message: `protocol must be "tcp", "udp" or "icmp"; got ${describeValue(p.protocol)}` };
  if (!POLICY_EXPECTS.includes(p.expect as PolicyExpect)) {
    const near = typeof p.expect === 'string' ? didYouMean(p.expect, POLICY_EXPECTS) : undefined;
    return {
      code: 'malformed',
      field: 'query',
      message: `expect must be one of ${POLICY_EXPECTS.join(', ')}; got ${describeValue(p.expect)}`,
      ...(near ? { hint: near } : {}),
    };
  }
  if (p.codes !== null && !(Array.isArray(p.codes) && p.codes.every((c) => typeof c === 'string' && isDispositionCode(c))))
    return { code: 'malformed', field: 'query', message: `codes must be null or a list of disposition codes; got ${describeValue(p.codes)}` };
  return pickedShapeError(p);
}

/** One flow of a policy's set. */
export interface PolicyFlow {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: FlowProtocol;
  /** The source port the policy names, when it names one. */
  readonly srcPort?: number;
  /** The ICMP code the policy names, when it names one. */
  readonly icmpCode?: number;
}

/** The answer to a policy. */
export interface PolicyOutcome {
  readonly holds: boolean;
  /** Whether `from` or `to` named a set (a subnet, VPC, group, account or CIDR) rather than one resource. */
  readonly set: boolean;
  readonly sources: number;
  readonly destinations: number;
  readonly ports: number;
  /** sources × destinations × ports. */
  readonly flows: number;
  /** Flows that do not meet the expectation (for `some`: flows not delivered). */
  readonly failing: number;
  /** The first flow of the set and its decision. */
  readonly first: { readonly flow: PolicyFlow; readonly result: Decided };
  /** When the policy does not hold: the flow that shows it (for `some`, the first flow) and its decision. */
  readonly counterexample: { readonly flow: PolicyFlow; readonly result: Decided } | null;
}

/** The instances a policy's `from` names, sorted by id: an instance, or those of a subnet, VPC, security group or account. */
export function policySources(model: Model, from: string): Answer<{ readonly instances: Instance[]; readonly set: boolean; readonly internet: boolean }> {
  // The internet: one source, every public address (no instance of the model).
  if (from === INTERNET.id) return { ok: true, value: { instances: [], set: false, internet: true } };
  const one = model.instances.get(from);
  if (one) return { ok: true, value: { instances: [one], set: false, internet: false } };
  const r = model.resources.get(from);
  const all = [...model.instances.values()];
  let chosen: Instance[] | null = null;
  let what = '';
  if (r?.kind === 'subnet') [chosen, what] = [all.filter((i) => i.subnet === from), 'subnet'];
  else if (r?.kind === 'vpc') [chosen, what] = [all.filter((i) => i.vpc === from), 'VPC'];
  else if (r?.kind === 'securityGroup') [chosen, what] = [all.filter((i) => i.securityGroups.includes(from)), 'security group'];
  else if (!r && [...model.vpcs.values()].some((v) => v.account === from)) {
    const vpcs = new Set([...model.vpcs.values()].filter((v) => v.account === from).map((v) => v.id));
    [chosen, what] = [all.filter((i) => vpcs.has(i.vpc)), 'account'];
  }
  if (chosen === null) {
    if (r) {
      return {
        ok: false,
        error: {
          code: 'wrong-kind',
          field: 'from',
          message: `"${from}" is ${withArticle(KIND_LABEL[r.kind])}; from takes an instance, subnet, VPC, security group or account`,
        },
      };
    }
    const accounts = new Set([...model.vpcs.values()].map((v) => v.account));
    const ids = [...model.instances.keys(), ...model.subnets.keys(), ...model.vpcs.keys(), ...model.securityGroups.keys(), ...accounts];
    return {
      ok: false,
      error: {
        code: 'not-found',
        field: 'from',
        message: `no instance, subnet, VPC, security group or account "${from}" in the model`,
        hint: hintFor(from, ids),
      },
    };
  }
  if (chosen.length === 0) {
    return {
      ok: false,
      error: {
        code: 'empty-set',
        field: 'from',
        message: `${what} ${from} has no instances, so the expectation would hold for no flow at all`,
        hint: 'name a set with instances in it',
      },
    };
  }
  return { ok: true, value: { instances: chosen.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), set: true, internet: false } };
}

/**
 * The destinations a policy's `to` names: an endpoint, instance or load balancer id, or an IPv4 address (itself); or
 * every endpoint, load balancer and instance of a subnet, a VPC or a CIDR block, sorted by id.
 */
export function policyDestinations(model: Model, to: string): Answer<{ readonly targets: string[]; readonly set: boolean }> {
  const r = model.resources.get(to);
  if ((r && hasAddress(r)) || to === INTERNET.id) return { ok: true, value: { targets: [to], set: false } };
  const addressed = [...model.endpoints.values(), ...model.loadBalancers.values(), ...model.instances.values()];
  let chosen: { id: string }[] | null = null;
  let what = '';
  if (r?.kind === 'subnet') [chosen, what] = [addressed.filter((x) => x.subnet === to), `subnet ${to}`];
  else if (r?.kind === 'vpc') [chosen, what] = [addressed.filter((x) => x.vpc === to), `VPC ${to}`];
  else if (r) {
    return {
      ok: false,
      error: {
        code: 'wrong-kind',
        field: 'to',
        message: `"${to}" is ${withArticle(KIND_LABEL[r.kind])}; to takes an endpoint, instance, load balancer, subnet or VPC id, an IPv4 address or a CIDR block`,
      },
    };
  } else if (to.includes('/')) {
    const cidr = parseCidr(to);
    if (!cidr.ok)
      return { ok: false, error: { code: 'invalid-value', field: 'to', message: cidr.error.message, ...(cidr.error.hint ? { hint: cidr.error.hint } : {}) } };
    [chosen, what] = [addressed.filter((x) => x.ip >= cidr.value.lo && x.ip <= cidr.value.hi), `${to}`];
  } else if (parseIpv4(to).ok) return { ok: true, value: { targets: [to], set: false } };
  if (chosen === null) {
    const ids = [...model.endpoints.keys(), ...model.instances.keys(), ...model.loadBalancers.keys(), ...model.subnets.keys(), ...model.vpcs.keys()];
    return {
      ok: false,
      error: { code: 'not-found', field: 'to', message: `"${to}" is neither a resource id, an IPv4 address nor a CIDR block`, hint: hintFor(to, ids) },
    };
  }
  if (chosen.length === 0) {
    return {
      ok: false,
      error: {
        code: 'empty-set',
        field: 'to',
        message: `no endpoint, load balancer or instance in ${what}, so the expectation would hold for no flow at all`,
        hint: 'name a set with resources in it',
      },
    };
  }
  return { ok: true, value: { targets: chosen.map((x) => x.id).sort(), set: true } };
}

function hintFor(id: string, ids: readonly string[]): string {
  return (
    didYouMean(id, ids) ??
    (ids.length === 0 ? 'the model names nothing of that kind' : `ids include ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` (${ids.length} in all)` : ''}`)
  );
}

/** Whether a decision meets a policy's per-flow expectation (`some` asks for delivery). */
function meets(q: PolicyQuery, d: Decided | PortClass): boolean {
  if (q.expect === 'some') return d.verdict !== 'unreachable';
  return d.verdict === q.expect && (q.codes === null || q.codes.includes(d.code));
}

/**
 * Decides a policy: for each destination, one walk of the set driver from every source at once on the policy's ports
 * (`portClassesToOne`); each source's classes count for every flow they hold. Never throws for bad ids.
 */
export function checkPolicy(sim: Simulator, q: PolicyQuery): Answer<PolicyOutcome> {
  const shape = policyShapeError(q);
  if (shape) return { ok: false, error: shape };
  const src = policySources(sim.model, q.from);
  if (!src.ok) return src;
  const dst = policyDestinations(sim.model, q.to);
  if (!dst.ok) return dst;
  const { instances, internet } = src.value;
  const { targets } = dst.value;
  if (internet && targets.includes(INTERNET.id))
    return {
      ok: false,
      error: { code: 'invalid-value', field: 'to', message: 'a flow from the internet goes to a resource of the model, not to the internet' },
    };
  // The sources by id: the internet is one source of its own.
  const sourceIds = internet ? [INTERNET.id] : instances.map((i) => i.id);
  // A source port the policy names is checked as a trace checks it (the walks resolve it as a trace's query).
  const { srcPort, icmpCode } = q;
  const badPort =
    (srcPort === undefined ? null : sourcePortError(srcPort, q.protocol)) ?? (icmpCode === undefined ? null : icmpCodeError(icmpCode, q.protocol));
  if (badPort) return { ok: false, error: badPort };
  const picked = pickedValues(q);
  const flowOf = (from: string, to: string, port: number): PolicyFlow => ({ from, to, port, protocol: q.protocol, ...picked });
  const walked = protoPortSet(q.protocol, q.ports);
  let ports = 0;
  for (const r of q.ports) ports += r.hi - r.lo + 1;
  let failing = 0;
  let first: { flow: PolicyFlow; result: Decided } | undefined;
  let counterexample: { flow: PolicyFlow; result: Decided } | null = null;
  for (const to of targets) {
    const r = internet ? internetClasses(sim, to, walked, picked) : portClassesToOne(sim, instances, to, walked, {}, picked);
    if (!r.ok) return r;
    // What each answer (shared by the sources that meet the same path ends) fails: how many ports, and the first.
    const fails = new Map<PortClass[], { count: number; first: PortClass | null }>();
    const failsOf = (classes: PortClass[]) => {
      let f = fails.get(classes);
      if (!f) {
        f = { count: 0, first: null };
        for (const c of classes) {
          if (meets(q, c)) continue;
          for (const p of c.ports) f.count += p.hi - p.lo + 1;
          if (!f.first || c.witness < f.first.witness) f.first = c;
        }
        fails.set(classes, f);
      }
      return f;
    };
    // Sources in policy order: the first failing flow is the first failing source's first failing port.
    for (const id of sourceIds) {
      const classes = r.value.get(id)!;
      if (!first) {
        const port = q.ports[0]!.lo;
        const c = classes.find((k) => k.ports.some((p) => p.lo <= port && port <= p.hi))!;
        first = { flow: flowOf(id, to, port), result: decidedOf(c) };
      }
      const f = failsOf(classes);
      failing += f.count;
      if (f.first && counterexample === null) counterexample = { flow: flowOf(id, to, f.first.witness), result: decidedOf(f.first) };
    }
  }
  const flows = sourceIds.length * targets.length * ports;
  const holds = q.expect === 'some' ? failing < flows : failing === 0;
  return {
    ok: true,
    value: {
      holds,
      set: src.value.set || dst.value.set,
      sources: sourceIds.length,
      destinations: targets.length,
      ports,
      flows,
      failing,
      first: first!,
      counterexample: holds ? null : q.expect === 'some' ? first! : counterexample,
    },
  };
}

/**
 * The internet's classes towards `to`, as one source: a port is reachable when every public address reaches it,
 * partial when some do (the witness of a trace is one that does).
 */
function internetClasses(sim: Simulator, to: string, walked: IntervalSet, picked: PickedValues): Answer<Map<string, PortClass[]>> {
  const r = portClassesBySets(sim, INTERNET.id, to, walked, picked);
  return r.ok ? { ok: true, value: new Map([[INTERNET.id, r.value]]) } : r;
}

/** A class's verdict, code and stop point, as `decide` gives them for any of its flows. */
function decidedOf(c: PortClass): Decided {
  return { verdict: c.verdict, code: c.code, at: c.at };
}
