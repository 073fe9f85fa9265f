import type { LintRule, RawFinding } from '../types.js';

/** CIDRs on a listener whose access control is off: they do nothing. */
export const accessControlUnused: LintRule<'ignored'> = {
  id: 'access-control-unused',
  severity: 'warning',
  description: 'access-control cidrs on a listener whose mode is "all", where they have no effect',
  messages: { ignored: 'listener "{{listener}}" lists {{count}} access-control CIDR(s) with mode "all": they are ignored' },
  *check(ctx): Generator<RawFinding> {
    for (const l of ctx.model.listeners.values()) {
      if (l.accessControl.mode === 'all' && l.accessControl.cidrs.length > 0)
        yield { messageId: 'ignored', data: { listener: l.id, count: l.accessControl.cidrs.length }, location: l.loc };
    }
  },
};
