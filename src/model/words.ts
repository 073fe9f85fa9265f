import type { Resource } from './types.js';

/** Each resource kind as users name it in messages. */
export const KIND_LABEL: Record<Resource['kind'], string> = {
  vpc: 'VPC',
  subnet: 'subnet',
  securityGroup: 'security group',
  networkAcl: 'network ACL',
  instance: 'instance',
  loadBalancer: 'load balancer',
  listener: 'listener',
  endpointService: 'endpoint service',
  endpoint: 'endpoint',
  peering: 'VPC peering connection',
  routeTable: 'route table',
  eip: 'EIP',
  natGateway: 'NAT gateway',
  internet: 'internet',
};

/** "a VPC", "an instance", "an ECS instance". */
export function withArticle(noun: string): string {
  return `${/^[aeiouAEIOU]|^(ECS|BMS|ELB|ACL|EIP|NAT)\b/.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** "1 error", "2 errors", "0 warnings". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
