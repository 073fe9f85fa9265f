import { DeferredLocation, DiagnosticBag, type SourceLocation } from '../../model/index.js';
import type {
  Account,
  Eip,
  Endpoint,
  EndpointService,
  Instance,
  Listener,
  LoadBalancer,
  NatGateway,
  NetworkAcl,
  Peering,
  Resource,
  RouteTable,
  SecurityGroup,
  Subnet,
  Vpc,
} from '../../model/index.js';
import type { DataPath, ParsedSource } from '../source.js';
import type { PortRange } from '../../net/index.js';

/** A resource kind. */
export type Kind = Resource['kind'];

export { KIND_LABEL } from '../../model/index.js';

/** The account and region of resources that name none. */
export const DEFAULT_ACCOUNT = 'default';
const DEFAULT_REGION = 'default';

/** An id as registered: its kind and where it is declared. */
export interface Registered {
  kind: Kind;
  path: DataPath;
  /** For instances: ecs or bms, when known. */
  sub?: string;
}

/**
 * What one validation run has found and built so far: the diagnostics, the id registry, the resources built
 * per kind, and the addresses claimed per VPC. Every stage of validation reads and extends it.
 */
export class ValidationContext {
  /** What is found, bounded per code (see DiagnosticBag). */
  readonly diagnostics = new DiagnosticBag();
  readonly ids = new Map<string, Registered>();
  readonly data: Record<string, unknown>;

  readonly accounts = new Map<string, Account>();
  readonly vpcs = new Map<string, Vpc>();
  readonly subnets = new Map<string, Subnet>();
  readonly securityGroups = new Map<string, SecurityGroup>();
  readonly networkAcls = new Map<string, NetworkAcl>();
  readonly instances = new Map<string, Instance>();
  readonly loadBalancers = new Map<string, LoadBalancer>();
  readonly listeners = new Map<string, Listener>();
  readonly endpointServices = new Map<string, EndpointService>();
  readonly endpoints = new Map<string, Endpoint>();
  readonly peerings = new Map<string, Peering>();
  readonly routeTables = new Map<string, RouteTable>();
  readonly eips = new Map<string, Eip>();
  readonly natGateways = new Map<string, NatGateway>();
  /** Service ports in use per backend ("<backend>/<port>"), to find two services mapping the same one. */
  readonly servicePorts = new Map<string, { service: string; path: DataPath }>();
  /** Port ranges of the valid port specs seen (a number or a string), shared by every value that writes the same. */
  readonly portSpecs = new Map<number | string, PortRange[]>();
  /** Address owners per VPC, to find duplicates. */
  readonly addresses = new Map<string, Map<number, { id: string; path: DataPath }>>();
  region = DEFAULT_REGION;

  constructor(readonly source: ParsedSource) {
    this.data = (source.data ?? {}) as Record<string, unknown>;
    this.locateValue = (path) => source.locate(path);
  }

  /** Finds a location in the source; it holds the source only (not this context), as the model keeps it. */
  private readonly locateValue: (path: DataPath) => SourceLocation;

  /** Where a model value is, found when it is first read (most locations of a model are never shown). */
  loc(path: DataPath): SourceLocation {
    return new DeferredLocation(this.locateValue, path);
  }

  error(code: string, path: DataPath, message: string, hint?: string, key = false): void {
    this.diagnostics.push({ code, severity: 'error', message, location: this.source.locate(path, key), ...(hint ? { hint } : {}) });
  }
}
