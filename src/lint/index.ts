import { compareLocated, type ConfigurationWords, type Diagnostic, type Model } from '../model/index.js';
import { lintContext } from './context.js';
import { LINT_RULES } from './registry.js';
import type { LintFinding, LintFix, LintRule, LintSeverity } from './types.js';

export { LINT_RULES } from './registry.js';

export type { LintFinding, LintFix, LintRule, LintSeverity } from './types.js';

/** A rule's severity as configured: its default, another severity, or off. */
export type RuleSetting = LintSeverity | 'off';

/** Fills a message template: `{{name}}` becomes the data's value. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    const v = data[name];
    if (v === undefined) throw new Error(`lint message data has no "${name}"`);
    return String(v);
  });
}

const byLocation = compareLocated<LintFinding>((f) => f.ruleId);

/** Runs the rules on a model; `settings` turns rules off or changes their severity. Findings sorted by place, then rule. */
export function lint(model: Model, settings: Readonly<Record<string, RuleSetting>> = {}, rules: readonly LintRule[] = LINT_RULES): LintFinding[] {
  const ctx = lintContext(model);
  const out: LintFinding[] = [];
  // A model read from another configuration (Terraform): each fix is also said as a change of it.
  const words = model.configuration;
  for (const rule of rules) {
    const setting = settings[rule.id];
    if (setting === 'off') continue;
    for (const f of rule.check(ctx)) {
      const template = (rule.messages as Record<string, string>)[f.messageId];
      if (template === undefined) throw new Error(`lint rule ${rule.id} has no message "${f.messageId}"`);
      out.push({
        ruleId: rule.id,
        severity: setting ?? f.severity ?? rule.severity,
        messageId: f.messageId,
        data: f.data,
        message: formatMessage(template, f.data),
        location: f.location,
        ...(f.fix ? { fix: f.fix } : {}),
        ...(f.fix && words ? withTerraformFix(configurationFixOf(f.fix, words)) : {}),
        ...(f.witness ? { witness: f.witness } : {}),
      });
    }
  }
  return out.sort(byLocation);
}

/** A finding as a diagnostic, for the reporters every command shares: the rule id is the code, the witness the hint. */
export function findingDiagnostic(f: LintFinding): Diagnostic {
  return {
    code: f.ruleId,
    severity: f.severity,
    message: f.message,
    location: f.location,
    ...(f.terraformFix || f.witness
      ? { hint: [f.terraformFix && `in Terraform: ${f.terraformFix}`, f.witness && `see it: ${f.witness}`].filter(Boolean).join('; ') }
      : {}),
    lint: { messageId: f.messageId, data: f.data, ...(f.fix ? { fix: f.fix } : {}) },
  };
}

const withTerraformFix = (text: string | undefined): { terraformFix?: string } => (text === undefined ? {} : { terraformFix: text });

/** A fix as a change of the configuration the model was read from (its front end's terms), when it says one. */
export function configurationFixOf(fix: LintFix, words: ConfigurationWords): string | undefined {
  switch (fix.kind) {
    case 'add-security-group-rule':
      return words.addSecurityGroupRule(fix.group, {
        direction: fix.rule.direction,
        protocol: fix.rule.protocol,
        ports: fix.rule.ports,
        peer: fix.rule.source ?? '0.0.0.0/0',
        priority: fix.rule.priority,
        description: fix.rule.description,
      });
    case 'add-network-acl-rule':
      return words.addNetworkAclRule(
        fix.acl,
        { direction: fix.direction, protocol: fix.rule.protocol, ports: fix.rule.ports, peer: fix.rule.source ?? '0.0.0.0/0' },
        'as the first of them',
      );
    case 'add-access-control-cidr':
    case 'remove-access-control-cidr':
      return words.changeAccessControl(fix.listener, fix.kind === 'add-access-control-cidr' ? 'add' : 'remove', fix.cidr);
    case 'set-field':
      return words.setField(fix.resource, fix.field, fix.value);
    case 'set-rule-priority':
      return words.setRulePriority(fix.group, fix.index, fix.priority);
  }
}
