import { formatIpv4, protoPortOf } from '../../net/index.js';
import { INTERNET } from '../../model/index.js';
import { pathEnd } from '../../sim/engine.js';
import { EVERY_PORT } from '../../symbolic/set-ports.js';
import type { LintRule, RawFinding } from '../types.js';

/**
 * A DNAT rule through which nothing from the internet arrives: the engine's walk from every public address to the
 * rule's EIP on the rule's ports, through the gateway's DNAT rules and the server's ACL, groups and listening ports,
 * delivers on no path that takes this rule.
 */
export const dnatDeadEnd: LintRule<'dead'> = {
  id: 'dnat-dead-end',
  severity: 'error',
  description:
    'a NAT gateway’s DNAT rule through which nothing from the internet arrives: the server’s groups or subnet ACL refuse it, or nothing listens on the internal port',
  messages: {
    dead: 'DNAT rule {{rule}} of NAT gateway "{{gateway}}" forwards {{what}} to {{target}}, but no flow from the internet arrives through it: {{code}} at {{at}}',
  },
  *check(ctx): Generator<RawFinding> {
    const sim = ctx.simulator();
    for (const gateway of ctx.model.natGateways.values()) {
      for (const rule of gateway.dnatRules) {
        const eip = ctx.model.eips.get(rule.eip)!;
        const one = rule.protocol === 'any' ? 0 : protoPortOf(rule.protocol, rule.externalPort);
        const ports = rule.protocol === 'any' ? EVERY_PORT : [{ lo: one, hi: one }];
        let delivered = false;
        let first: { code: string; at: string } | null = null;
        sim.walkSets({ from: INTERNET.id, to: formatIpv4(eip.address) }, ports, (path) => {
          if (delivered || !path.some((step) => step.decisions.some((d) => d.type === 'filter' && d.filter === 'dnat-rule' && d.rule === rule))) return;
          const end = pathEnd(path);
          if (end.status !== 'dropped') delivered = true;
          else first ??= { code: end.code, at: end.at };
        });
        if (delivered || first === null) continue;
        const stop: { code: string; at: string } = first;
        const what = rule.protocol === 'any' ? `every port of ${formatIpv4(eip.address)}` : `${rule.protocol} ${formatIpv4(eip.address)}:${rule.externalPort}`;
        const target = `${rule.instance ?? formatIpv4(rule.privateIp)}${rule.protocol === 'any' ? '' : `:${rule.internalPort}`}`;
        yield {
          messageId: 'dead',
          data: { rule: `dnatRules[${rule.index}]`, gateway: gateway.id, what, target, code: stop.code, at: stop.at },
          location: rule.loc,
          witness: `vpcreach trace ${ctx.model.file} --from internet --to ${formatIpv4(eip.address)} --port ${rule.protocol === 'any' ? 1 : rule.externalPort}${rule.protocol === 'udp' ? ' --protocol udp' : ''}`,
        };
      }
    }
  },
};
