// ECS and BMS instances, as the huaweicloud provider's resources hold them (see translate.ts).
import type { TfResource } from './document.js';
import { isUnknownAt, valueAt } from './links.js';
import type { Translator } from './translate.js';
import { isObject, str, LISTENS_TAG, type Json } from './common.js';

export function readInstances(t: Translator): void {
  for (const r of [...t.of('huaweicloud_compute_instance'), ...t.of('huaweicloud_bms_instance')]) {
    const bms = r.type === 'huaweicloud_bms_instance';
    const nicAttr = bms ? 'nics' : 'network';
    const nics = Array.isArray(r.values[nicAttr]) ? (r.values[nicAttr] as unknown[]) : [];
    if (nics.length === 0) {
      t.note('error', 'terraform-no-network', r, [nicAttr], `${r.address} has no ${nicAttr} block: vpcreach cannot place it in a subnet`);
      continue;
    }
    const subnetAttr = [nicAttr, 0, bms ? 'subnet_id' : 'uuid'];
    const link = t.links.resolve(r, subnetAttr, ['huaweicloud_vpc_subnet']);
    const subnet = t.single(r, subnetAttr, link, 'subnet');
    if (!subnet) {
      if (link.kind !== 'resources') t.unresolved(r, subnetAttr, link, 'subnet');
      continue;
    }
    if (nics.length > 1)
      t.note(
        'warning',
        'terraform-extra-nics',
        r,
        [nicAttr, 1],
        `${r.address} has ${nics.length} network interfaces: vpcreach models the first (its subnet, address and security groups) only`,
      );
    // Groups it cannot tell leave the instance out (the note says so), as a subnet it cannot tell does.
    const { attr: sgAttr, groups } = instanceGroups(t, r, bms);
    if (!groups) continue;
    const index = t.instances.length;
    const inst: Json = { id: r.address, kind: bms ? 'bms' : 'ecs', subnet: subnet.address, ip: '' };
    t.instances.push(inst);
    t.instanceOf.set(r, inst);
    t.from(['instances', index], r);
    t.from(['instances', index, 'subnet'], r, subnetAttr);
    const ipAttr = [nicAttr, 0, bms ? 'ip_address' : 'fixed_ip_v4'];
    const ip = str(valueAt(r.values, ipAttr));
    if (ip && !isUnknownAt(r, ipAttr)) {
      inst.ip = ip;
      t.take(subnet, ip);
      t.from(['instances', index, 'ip'], r, ipAttr);
    } else t.deferAddress(inst, ['instances', index, 'ip'], r, ipAttr, subnet);
    inst.securityGroups = groups;
    t.from(['instances', index, 'securityGroups'], r, [sgAttr]);
    const tags = isObject(r.values.tags) ? r.values.tags : {};
    const listens = typeof tags[LISTENS_TAG] === 'string' ? tags[LISTENS_TAG] : undefined;
    if (listens !== undefined) {
      inst.listens = listens
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      t.from(['instances', index, 'listens'], r, ['tags', LISTENS_TAG]);
    }
  }
}

/**
 * An instance's security groups. An ECS names them by id (`security_group_ids`) or by name (`security_groups`; the
 * two are ConflictsWith, and both Optional+Computed, so a plan marks the unset one unknown); a BMS by id in
 * `security_groups`. Neither set: the project's default group.
 */
function instanceGroups(t: Translator, r: TfResource, bms: boolean): { attr: string; groups: string[] | undefined } {
  const ids = bms ? 'security_groups' : 'security_group_ids';
  const names = bms ? undefined : 'security_groups';
  const types = ['huaweicloud_networking_secgroup'];
  const idsSet = t.links.willBeSet(r, [ids], names ? [[names]] : []);
  if (names && !idsSet && t.links.willBeSet(r, [names], [[ids]])) {
    const link = t.links.resolve(r, [names], types);
    if (link.kind === 'resources') return { attr: names, groups: link.resources.map((g) => g.address) };
    const wanted = link.kind === 'external' ? link.ids : [];
    const byName = wanted.map((n) => t.of('huaweicloud_networking_secgroup').filter((g) => g.values.name === n));
    if (wanted.length > 0 && byName.every((m) => m.length === 1)) return { attr: names, groups: byName.map((m) => m[0]!.address) };
    const missing = wanted.filter((_, i) => byName[i]!.length !== 1);
    t.note(
      'error',
      'terraform-unresolved-reference',
      r,
      [names],
      missing.length > 0
        ? `security_groups of ${r.address} names ${missing.map((n) => `"${n}"`).join(', ')}, which is not the name of exactly one security group of this plan or state: vpcreach cannot tell which group it is, and leaves the instance out`
        : `security_groups of ${r.address} is known only after apply, and the configuration does not reference a group of this plan there: vpcreach leaves the instance out`,
      'reference the groups by id (`security_group_ids = [huaweicloud_networking_secgroup.x.id]`), or add them to the configuration',
    );
    return { attr: names, groups: undefined };
  }
  if (!idsSet) {
    t.note(
      'info',
      'terraform-default-security-group',
      r,
      [ids],
      `${r.address} names no security group: Huawei Cloud puts it in the project's "default" group, which vpcreach models with that group's default rules`,
      `set ${ids} to manage its groups in Terraform`,
    );
    return { attr: ids, groups: [t.defaultGroup(r)] };
  }
  const link = t.links.resolve(r, [ids], types);
  if (link.kind === 'resources') return { attr: ids, groups: link.resources.map((g) => g.address) };
  t.unresolved(r, [ids], link, 'security group');
  return { attr: ids, groups: undefined };
}
