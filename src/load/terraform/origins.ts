// Where each value of the model document came from: the resource and attribute of the plan or state.
import type { DataPath } from '../source.js';
import { formatPath } from '../source.js';
import type { TfResource } from './document.js';

/** Where a model value came from: the resource and the attribute's place in the file. */
export interface Origin {
  /** The resource, whose file holds the value. */
  readonly res: TfResource;
  readonly path: DataPath;
  readonly address: string;
}

interface OriginNode {
  origin?: { readonly res: TfResource; readonly attr: readonly (string | number)[]; readonly fields?: Readonly<Record<string, string>> };
  /** Children by field name, and by list position (a large list's items are an array, not a map). */
  fields?: Map<string, OriginNode>;
  items?: OriginNode[];
}

/** The child of a node at one path segment, if any. */
function childOf(node: OriginNode, seg: string | number): OriginNode | undefined {
  return typeof seg === 'number' ? node.items?.[seg] : node.fields?.get(seg);
}

/** Where each model value came from, as a tree of model paths (looked up segment by segment, no strings built). */
export class Origins {
  readonly root: OriginNode = {};

  /** Records the resource attribute a model value (and, unless recorded deeper, everything under it) came from. */
  set(path: DataPath, res: TfResource, attr: readonly (string | number)[], fields?: Readonly<Record<string, string>>): void {
    let node = this.root;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      let next = childOf(node, seg);
      if (!next) {
        next = {};
        if (typeof seg === 'number') (node.items ??= [])[seg] = next;
        else (node.fields ??= new Map()).set(seg, next);
      }
      node = next;
    }
    node.origin = fields ? { res, attr, fields } : { res, attr };
  }

  /** The origin of a model path, or of its nearest ancestor that has one; `fields` name a mapping's own attributes. */
  nearest(path: DataPath): Origin | undefined {
    const found = this.find(path);
    if (!found) return undefined;
    const attr = this.attrOf(found);
    return { res: found.origin.res, path: [...found.origin.res.path, ...attr], address: addressOf(found.origin.res, attr) };
  }

  /** The address (and attribute) of a model path's origin, without its place in the file. */
  address(path: DataPath): string | undefined {
    const found = this.find(path);
    return found ? addressOf(found.origin.res, this.attrOf(found)) : undefined;
  }

  attrOf({ origin, field }: Found): readonly (string | number)[] {
    return field === undefined ? origin.attr : [...origin.attr, field];
  }

  find(path: DataPath): Found | undefined {
    let node: OriginNode | undefined = this.root;
    let best = this.root.origin;
    let field: string | undefined;
    for (const seg of path) {
      const parent: OriginNode = node;
      node = childOf(node, seg);
      if (!node) {
        const f = parent.origin?.fields?.[seg as string];
        if (f !== undefined && parent.origin === best) field = f;
        break;
      }
      if (node.origin) best = node.origin;
    }
    return best ? { origin: best, field } : undefined;
  }
}

/** The origin found for a model path, and the attribute of it a mapping's field names. */
interface Found {
  readonly origin: NonNullable<OriginNode['origin']>;
  readonly field: string | undefined;
}

function addressOf(res: TfResource, attr: readonly (string | number)[]): string {
  return attr.length ? `${res.address}.${formatPath(attr)}` : res.address;
}
