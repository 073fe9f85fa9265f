/**
 * What a picture shows, before it is drawn in any notation: clusters (accounts, VPCs, subnets), nodes (instances,
 * load balancers, listeners, endpoint services, endpoints) and the forwarding edges between them, labelled with ports;
 * and, for a traced flow, which of them the flow passed and where it stopped. Mermaid, DOT and SVG draw the same
 * scene. Every id and label here is the model's text, unescaped: each notation escapes it its own way.
 */
import { formatIpv4, type Cidr } from '../../net/index.js';
import type { Model, Tags } from '../../model/index.js';
import type { TraceResult } from '../../sim/types.js';

/** What a node is (every notation draws each its own way: their maps are total over this). */
export type SceneNodeKind =
  'instance' | 'loadBalancer' | 'listener' | 'endpointService' | 'endpoint' | 'peering' | 'nextHop' | 'eip' | 'natGateway' | 'internet' | 'address';
type SceneClusterKind = 'account' | 'vpc' | 'subnet';
/** `flow`: a step of a traced flow that no forwarding edge stands for (a client to an endpoint, say). */
type SceneEdgeKind = 'connects-to' | 'backend' | 'listener' | 'member' | 'bound' | 'dnat' | 'flow';

export interface SceneCluster {
  /** Unique among clusters and nodes: accounts are `account:<id>`, VPCs and subnets their model ids. */
  readonly key: string;
  readonly kind: SceneClusterKind;
  readonly title: string;
  readonly parent: string | null;
}

export interface SceneNode {
  /** The model id (for an address that is no resource: the address). */
  readonly key: string;
  readonly kind: SceneNodeKind;
  /** What the node is, in a few words: "ECS 10.0.1.21", "shared ELB 10.0.1.100", "TCP 80 whitelist". */
  readonly detail: string;
  readonly cluster: string | null;
  /** The resource's tags, "key=value, …" (empty when none): shown where a picture has room, as a tooltip. */
  readonly tags: string;
}

export interface SceneEdge {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly kind: SceneEdgeKind;
  readonly label: string;
}

export interface Scene {
  readonly clusters: readonly SceneCluster[];
  readonly nodes: readonly SceneNode[];
  readonly edges: readonly SceneEdge[];
  /** Nodes of the model left out (by a focus or a path's neighbourhood). */
  readonly omitted: number;
}

/** How a flow met a node or edge: passed it, was delivered there, stopped there, or got only partly through. */
export type MarkState = 'path' | 'delivered' | 'partial' | 'stopped';

/** Where a path stopped and why. */
interface PathStop {
  readonly node: string;
  readonly code: string;
  readonly state: 'stopped' | 'partial';
}

/** A traced flow on a scene: the state of each node and edge it touched, and its stops. */
export interface PathMarks {
  readonly nodes: ReadonlyMap<string, MarkState>;
  readonly edges: ReadonlyMap<string, MarkState>;
  readonly stops: readonly PathStop[];
  /** The flow in words: "ecs-client → ep-web tcp/8080: unreachable (SG_DENIED_INGRESS at ecs-web-1)". */
  readonly summary: string;
}

const RANK: Record<MarkState, number> = { path: 0, delivered: 1, partial: 2, stopped: 3 };

function tagText(tags: Tags): string {
  return Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

function cidrText(c: Cidr): string {
  return `${formatIpv4(c.lo)}/${c.prefix}`;
}

const allByModel = new WeakMap<Model, { readonly nodes: readonly SceneNode[]; readonly edges: readonly SceneEdge[] }>();

/**
 * Every node and forwarding edge of the model, made once per model (a report draws one scene per expectation; the
 * objects are immutable, so every scene shares them).
 */
function allNodes(model: Model): { readonly nodes: readonly SceneNode[]; readonly edges: readonly SceneEdge[] } {
  const known = allByModel.get(model);
  if (known) return known;
  const made = makeAllNodes(model);
  allByModel.set(model, made);
  return made;
}

function makeAllNodes(model: Model): { nodes: SceneNode[]; edges: SceneEdge[] } {
  const nodes: SceneNode[] = [];
  const edges: SceneEdge[] = [];
  for (const i of model.instances.values()) {
    nodes.push({ key: i.id, kind: 'instance', detail: `${i.instanceKind.toUpperCase()} ${formatIpv4(i.ip)}`, cluster: i.subnet, tags: tagText(i.tags) });
  }
  for (const lb of model.loadBalancers.values()) {
    const ipBackend = lb.ipAsBackend ? ', IP as backend' : '';
    nodes.push({ key: lb.id, kind: 'loadBalancer', detail: `${lb.lbKind} ELB ${formatIpv4(lb.ip)}${ipBackend}`, cluster: lb.subnet, tags: tagText(lb.tags) });
    for (const id of lb.listeners) {
      const l = model.listeners.get(id);
      if (!l) continue;
      const acl = l.accessControl.mode === 'all' ? '' : ` ${l.accessControl.mode}`;
      nodes.push({ key: l.id, kind: 'listener', detail: `${l.protocol.toUpperCase()} ${l.port}${acl}`, cluster: lb.subnet, tags: tagText(l.tags) });
      edges.push({ key: `${lb.id}>${l.id}`, from: lb.id, to: l.id, kind: 'listener', label: '' });
      l.members.forEach((m, n) => {
        if (!model.instances.has(m.instance)) return;
        const label = `${m.port}${m.healthy === false ? ' unhealthy' : ''}`;
        edges.push({ key: `${l.id}>${m.instance}#${n}`, from: l.id, to: m.instance, kind: 'member', label });
      });
    }
  }
  for (const s of model.endpointServices.values()) {
    const name = s.name === null ? '' : ` ${s.name}`;
    nodes.push({ key: s.id, kind: 'endpointService', detail: `service${name}${s.approval ? ', approval' : ''}`, cluster: s.vpc, tags: tagText(s.tags) });
    const backend = s.backend.kind === 'elb' ? s.backend.loadBalancer : s.backend.instance;
    const ports = [...new Set(s.portMappings.map((p) => p.servicePort))].join(', ');
    if (model.resources.has(backend)) edges.push({ key: `${s.id}>${backend}`, from: s.id, to: backend, kind: 'backend', label: ports });
  }
  for (const e of model.endpoints.values()) {
    const status = e.status === 'accepted' ? '' : ` ${e.status}`;
    nodes.push({ key: e.id, kind: 'endpoint', detail: `endpoint ${formatIpv4(e.ip)}${status}`, cluster: e.subnet, tags: tagText(e.tags) });
    const svc = model.endpointServices.get(e.service);
    if (!svc) continue;
    const label = svc.portMappings.map((p) => `${p.terminalPort}→${p.servicePort}`).join(', ');
    edges.push({ key: `${e.id}>${svc.id}`, from: e.id, to: svc.id, kind: 'connects-to', label });
  }
  // Between the VPCs: peering connections, and the next hops routes lead to that the model does not hold. A traced
  // flow's path goes through the connection its route names (markPath).
  for (const p of model.peerings.values()) {
    const status = p.status === 'active' ? '' : ` ${p.status}`;
    nodes.push({ key: p.id, kind: 'peering', detail: `peering ${p.vpc} ↔ ${p.peerVpc}${status}`, cluster: null, tags: tagText(p.tags) });
  }
  const hops = new Set<string>();
  for (const t of model.routeTables.values())
    for (const r of t.routes) {
      const key = `${r.type}:${r.nextHop}`;
      if (r.type === 'peering' || (r.type === 'nat' && model.natGateways.has(r.nextHop)) || hops.has(key) || model.resources.has(key)) continue;
      hops.add(key);
      nodes.push({ key, kind: 'nextHop', detail: `${r.type} ${r.nextHop}, outside the model`, cluster: null, tags: '' });
    }
  // The internet's ways in: EIPs (to what they are bound to) and NAT gateways (to their DNAT rules' servers); the
  // internet itself when the model has an EIP.
  if (model.eips.size) nodes.push({ key: 'internet', kind: 'internet', detail: 'the internet', cluster: null, tags: '' });
  for (const e of model.eips.values()) {
    nodes.push({ key: e.id, kind: 'eip', detail: `EIP ${formatIpv4(e.address)}`, cluster: null, tags: tagText(e.tags) });
    if (e.boundTo !== null) edges.push({ key: `${e.id}>${e.boundTo}`, from: e.id, to: e.boundTo, kind: 'bound', label: '' });
  }
  for (const g of model.natGateways.values()) {
    nodes.push({
      key: g.id,
      kind: 'natGateway',
      detail: `NAT gateway, ${g.snatRules.length} SNAT, ${g.dnatRules.length} DNAT`,
      cluster: g.subnet,
      tags: tagText(g.tags),
    });
    for (const r of g.dnatRules)
      if (r.instance !== null)
        edges.push({
          key: `${g.id}>${r.instance}#${r.index}`,
          from: g.id,
          to: r.instance,
          kind: 'dnat',
          label: r.protocol === 'any' ? 'all ports' : `${r.externalPort}→${r.internalPort}`,
        });
  }
  return { nodes, edges };
}

/** What a scene shows: everything, or the neighbourhood of some resources. */
export interface SceneScope {
  /** Resource ids (any kind: a VPC, subnet, account, security group or network ACL stands for what it holds). */
  readonly focus?: readonly string[];
  /** How many forwarding steps from the focus to include (default 4: an endpoint to a load balancer's members). */
  readonly depth?: number;
}

/** The nodes a resource stands for: itself, what a cluster holds, the instances a group or ACL filters. */
function seeds(model: Model, id: string, nodes: readonly SceneNode[]): string[] {
  if (isAccount(model, id) && !model.resources.has(id)) {
    const vpcs = new Set([...model.vpcs.values()].filter((v) => v.account === id).map((v) => v.id));
    return nodes.filter((n) => n.cluster !== null && inVpcs(model, n.cluster, vpcs)).map((n) => n.key);
  }
  const r = model.resources.get(id);
  if (!r) return [];
  switch (r.kind) {
    case 'vpc':
      return nodes.filter((n) => n.cluster !== null && inVpcs(model, n.cluster, new Set([id]))).map((n) => n.key);
    case 'subnet':
      return nodes.filter((n) => n.cluster === id).map((n) => n.key);
    case 'securityGroup':
      return [...model.instances.values()].filter((i) => i.securityGroups.includes(id)).map((i) => i.id);
    case 'networkAcl': {
      const subnets = new Set([...model.subnets.values()].filter((s) => s.networkAcl === id).map((s) => s.id));
      return nodes.filter((n) => n.cluster !== null && subnets.has(n.cluster)).map((n) => n.key);
    }
    default:
      return [id];
  }
}

function inVpcs(model: Model, cluster: string, vpcs: ReadonlySet<string>): boolean {
  if (vpcs.has(cluster)) return true;
  const subnet = model.subnets.get(cluster);
  return subnet !== undefined && vpcs.has(subnet.vpc);
}

/** Whether an id is an account: declared, or named by a VPC. */
function isAccount(model: Model, id: string): boolean {
  return model.accounts.has(id) || [...model.vpcs.values()].some((v) => v.account === id);
}

/** Whether an id names something a picture can focus on. */
export function isFocusable(model: Model, id: string): boolean {
  return model.resources.has(id) || isAccount(model, id);
}

/**
 * The scene of a model: every node, or with a focus the nodes within `depth` forwarding steps (either way) of what
 * the focus stands for. Clusters are those that hold a shown node. Order follows the model file.
 */
export function buildScene(model: Model, scope: SceneScope = {}): Scene {
  const all = allNodes(model);
  let shown: Set<string> | null = null;
  if (scope.focus !== undefined) {
    const next = new Map<string, string[]>();
    const link = (a: string, b: string): void => {
      const list = next.get(a);
      if (list) list.push(b);
      else next.set(a, [b]);
    };
    for (const e of all.edges) {
      link(e.from, e.to);
      link(e.to, e.from);
    }
    shown = new Set();
    let frontier: string[] = [];
    for (const id of scope.focus) {
      for (const s of seeds(model, id, all.nodes)) {
        if (!shown.has(s)) {
          shown.add(s);
          frontier.push(s);
        }
      }
    }
    for (let d = 0; d < (scope.depth ?? 4) && frontier.length > 0; d++) {
      const after: string[] = [];
      for (const n of frontier) {
        for (const m of next.get(n) ?? []) {
          if (shown.has(m)) continue;
          shown.add(m);
          after.push(m);
        }
      }
      frontier = after;
    }
  }
  const nodes = shown === null ? all.nodes : all.nodes.filter((n) => shown.has(n.key));
  const edges = shown === null ? all.edges : all.edges.filter((e) => shown.has(e.from) && shown.has(e.to));
  return { clusters: clustersOf(model, nodes), nodes, edges, omitted: all.nodes.length - nodes.length };
}

/** The clusters holding some of `nodes`, with their parents, in model order (accounts, then VPCs, then subnets). */
function clustersOf(model: Model, nodes: readonly SceneNode[]): SceneCluster[] {
  const used = new Set<string>();
  for (const n of nodes) {
    if (n.cluster === null) continue;
    used.add(n.cluster);
    const subnet = model.subnets.get(n.cluster);
    if (subnet) used.add(subnet.vpc);
  }
  const out: SceneCluster[] = [];
  const accounts = new Set<string>();
  for (const v of model.vpcs.values()) if (used.has(v.id)) accounts.add(v.account);
  for (const a of accounts) {
    const account = model.accounts.get(a);
    const name = account?.name ? ` (${account.name})` : '';
    out.push({ key: `account:${a}`, kind: 'account', title: `account: ${a}${name}`, parent: null });
  }
  for (const v of model.vpcs.values()) {
    if (used.has(v.id)) out.push({ key: v.id, kind: 'vpc', title: `${v.id} ${cidrText(v.cidr)}`, parent: `account:${v.account}` });
  }
  for (const s of model.subnets.values()) {
    if (used.has(s.id))
      out.push({ key: s.id, kind: 'subnet', title: `${s.id} ${cidrText(s.cidr)}${s.networkAcl ? ` ACL ${s.networkAcl}` : ''}`, parent: s.vpc });
  }
  return out;
}

/** Resources a traced flow touched: every hop of every path, and its target. */
export function pathResources(result: TraceResult): string[] {
  const ids = new Set<string>();
  for (const t of result.traces) for (const h of t.hops) ids.add(h.node);
  ids.add(result.flow.to);
  return [...ids];
}

/**
 * A traced flow on a scene. Each path (one per load-balancer member) marks the nodes it passed and the edges between
 * them; a step no forwarding edge stands for (the client to the endpoint) becomes a `flow` edge, added to the scene
 * returned. The edge into the node where a path stopped, and that node, are `stopped` (a path that stopped at its
 * first hop gets a flow edge from the client to the flow's target, stopped). Where paths disagree the worst wins.
 * Flow edges are labelled with the flow's protocol and port unless `labelFlows` is false.
 */
export function markPath(scene: Scene, result: TraceResult, options: { readonly labelFlows?: boolean } = {}): { scene: Scene; marks: PathMarks } {
  const nodeKeys = new Set(scene.nodes.map((n) => n.key));
  const nodes: SceneNode[] = [...scene.nodes];
  const edges: SceneEdge[] = [...scene.edges];
  const byEnds = new Map<string, SceneEdge>();
  for (const e of edges) if (!byEnds.has(`${e.from}\u0000${e.to}`)) byEnds.set(`${e.from}\u0000${e.to}`, e);
  const nodeMarks = new Map<string, MarkState>();
  const edgeMarks = new Map<string, MarkState>();
  const mark = (m: Map<string, MarkState>, key: string, s: MarkState): void => {
    const was = m.get(key);
    if (was === undefined || RANK[s] > RANK[was]) m.set(key, s);
  };
  // A scene shared by several flows (the HTML report) leaves its flow edges unlabelled: each flow says its port.
  const flowLabel = options.labelFlows === false ? '' : `${result.flow.protocol}/${result.flow.dstPort}`;
  const edgeBetween = (from: string, to: string): SceneEdge => {
    const known = byEnds.get(`${from}\u0000${to}`);
    if (known) return known;
    const e: SceneEdge = { key: `flow:${from}>${to}`, from, to, kind: 'flow', label: flowLabel };
    edges.push(e);
    byEnds.set(`${from}\u0000${to}`, e);
    return e;
  };
  const ensureNode = (key: string): void => {
    if (nodeKeys.has(key)) return;
    nodeKeys.add(key);
    nodes.push({ key, kind: 'address', detail: 'address', cluster: null, tags: '' });
  };
  const stops: PathStop[] = [];
  for (const t of result.traces) {
    // A hop whose route step names a peering connection (in the scene) passes through it to the next hop.
    const hops: string[] = [];
    for (const h of t.hops) {
      hops.push(h.node);
      for (const st of h.steps) if (st.type === 'filter' && st.filter === 'route' && nodeKeys.has(st.resource)) hops.push(st.resource);
    }
    // Stopped at a connection that is not active: the path ends there.
    if (t.status !== 'delivered' && t.at !== hops[hops.length - 1] && nodeKeys.has(t.at) && scene.nodes.some((n) => n.key === t.at && n.kind === 'peering'))
      hops.push(t.at);
    for (const h of hops) ensureNode(h);
    const end: MarkState = t.status === 'delivered' ? 'delivered' : t.status === 'partial' ? 'partial' : 'stopped';
    hops.forEach((h, i) => mark(nodeMarks, h, i === hops.length - 1 ? end : 'path'));
    for (let i = 1; i < hops.length; i++) mark(edgeMarks, edgeBetween(hops[i - 1]!, hops[i]!).key, i === hops.length - 1 && end !== 'delivered' ? end : 'path');
    if (hops.length === 1 && end !== 'delivered' && hops[0] !== result.flow.to) {
      ensureNode(result.flow.to);
      mark(edgeMarks, edgeBetween(hops[0]!, result.flow.to).key, end);
    }
    if (end !== 'delivered') {
      const stop = { node: hops[hops.length - 1] ?? t.at, code: t.disposition, state: end };
      if (!stops.some((s) => s.node === stop.node && s.code === stop.code)) stops.push(stop);
    }
  }
  const f = result.flow;
  const summary = `${f.from} → ${f.to} ${f.protocol}/${f.dstPort}: ${result.verdict} (${result.code} at ${result.at})`;
  return { scene: { ...scene, nodes, edges }, marks: { nodes: nodeMarks, edges: edgeMarks, stops, summary } };
}

/** The codes each node stopped a path with (a node may stop several paths), from a flow's marks. */
export function stopCodes(marks: PathMarks | undefined): Map<string, string[]> {
  const codes = new Map<string, string[]>();
  for (const s of marks?.stops ?? []) {
    const list = codes.get(s.node);
    if (list) list.push(s.code);
    else codes.set(s.node, [s.code]);
  }
  return codes;
}

/**
 * How a scene nests, for the notations that write clusters inside out: the clusters in each cluster and the nodes in
 * each cluster, in scene order (key null: the top level, which also takes what names a cluster not in the scene).
 */
export function nesting(scene: Scene): { readonly clusters: Map<string | null, SceneCluster[]>; readonly nodes: Map<string | null, SceneNode[]> } {
  const known = new Set(scene.clusters.map((c) => c.key));
  const add = <T>(m: Map<string | null, T[]>, key: string | null, x: T): void => {
    const list = m.get(key);
    if (list) list.push(x);
    else m.set(key, [x]);
  };
  const clusters = new Map<string | null, SceneCluster[]>();
  for (const c of scene.clusters) add(clusters, c.parent !== null && known.has(c.parent) ? c.parent : null, c);
  const nodes = new Map<string | null, SceneNode[]>();
  for (const n of scene.nodes) add(nodes, n.cluster !== null && known.has(n.cluster) ? n.cluster : null, n);
  return { clusters, nodes };
}
