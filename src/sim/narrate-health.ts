import type { Listener, Member, Model } from '../model/index.js';
import type { MemberHealth } from './decisions.js';
import { narrateHop } from './narrate.js';
import { view } from './words.js';

/**
 * Narration of members' health (kinds/health.ts): what the model said, that no health check decided, or where a
 * member's health check stops, with the filter and rule that stop it.
 */

/** Where a health check stops, in the words of its path at the member (the drop, or a filter that admits only part). */
function refusal(model: Model, member: Member, health: Extract<MemberHealth, { by: 'check' }>): { detail: string; fix: string | null } {
  const hop = narrateHop(model, model.resources.get(member.instance)!, health.refused!);
  for (const step of hop.steps)
    if (step.type === 'drop' || (step.type === 'filter' && step.decision === 'partial')) return { detail: step.detail, fix: step.fix ?? null };
  return { detail: 'it does not arrive', fix: null };
}

/** The check in words: "tcp/8080 from 100.125.0.0/16", "udp/53 and an ICMP echo from …". */
function checkWords(health: Extract<MemberHealth, { by: 'check' }>): string {
  const f = view(health.probe);
  const kind = health.check.protocol === f.protocol ? '' : `${health.check.protocol.toUpperCase()} `;
  const echo = health.check.protocol === 'udp' ? ' and an ICMP echo (icmp/8)' : '';
  return `${kind}${f.protocol}/${f.dstPort}${echo} from ${f.src}`;
}

/** The notes a listener's members' health adds to its hop: one per member a health check decides, and one per switch position assumed. */
export function healthNotes(model: Model, listener: Listener, health: ReadonlyMap<Member, MemberHealth>): string[] {
  const notes: string[] = [];
  const unchecked = listener.members.filter((m) => health.get(m)!.by === 'unchecked');
  if (unchecked.length) {
    const names = unchecked.map((m) => `${m.instance}:${m.port}`).join(', ');
    notes.push(
      listener.healthCheck === null
        ? `assumed: the model gives listener ${listener.id} no health check, so ${names} ${unchecked.length === 1 ? 'is' : 'are'} taken as healthy (give it a "healthCheck" to derive their health, or say "healthy" per member)`
        : `the health check of listener ${listener.id} is switched off (enabled: false): the load balancer sends to ${names} whether healthy or not`,
    );
  }
  for (const m of listener.members) {
    const h = health.get(m)!;
    if (h.by !== 'check') continue;
    notes.push(
      h.healthy
        ? `member ${m.instance}:${m.port} is healthy: its health check (${checkWords(h)}) arrives`
        : `member ${m.instance}:${m.port} is unhealthy: its health check (${checkWords(h)}) stops at ${m.instance}: ${refusal(model, m, h).detail}`,
    );
  }
  return notes;
}

/** Why a member takes no traffic, for the listener's drop: "unhealthy (…)" or "weight 0". */
export function skippedWhy(model: Model, member: Member, health: MemberHealth): string {
  if (health.healthy) return 'weight 0';
  if (health.by !== 'check') return 'unhealthy';
  return `unhealthy: its health check (${checkWords(health)}) is refused`;
}

/** The fix when no member is usable: let the first refused health check through, or make a member healthy. */
export function noMemberFix(model: Model, listener: Listener, health: ReadonlyMap<Member, MemberHealth>): string {
  for (const m of listener.members) {
    const h = health.get(m)!;
    if (h.by === 'check' && !h.healthy && m.weight > 0) {
      const r = refusal(model, m, h);
      return `let the health check of listener ${listener.id} reach ${m.instance}${r.fix ? `: ${r.fix}` : ''}`;
    }
  }
  return `make a member of listener ${listener.id} healthy with a weight above 0, or add one`;
}
