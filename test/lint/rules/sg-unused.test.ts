import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf, fullFindingsOf } from '../helpers.js';

const RULE = 'sg-unused';

describe(RULE, () => {
  it('valid: every group attached', () => {
    expect(findingsOf(ecsSetup(), RULE)).toEqual([]);
  });

  it('invalid: a group attached to nothing, named as a peer by another group — info, at the group', () => {
    const text = ecsSetup({
      backendRules:
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17 }\n      - { direction: ingress, protocol: tcp, ports: 22, sourceGroup: sg-x }\n  - id: sg-x\n    rules: []',
    });
    expect(findingsOf(text, RULE)).toEqual([
      { messageId: 'unused', ...at(text, 'id: sg-x'), data: { group: 'sg-x', referenced: ' (rules that name it as a peer match no address)' } },
    ]);
    expect(fullFindingsOf(text, RULE)[0]!.severity).toBe('info');
  });
});
