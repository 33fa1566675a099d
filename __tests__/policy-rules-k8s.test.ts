/** Each Kubernetes rule reports a deliberately bad release, namespace or network policy. */
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { stringify } from 'yaml';
import { kubernetesRules } from './policy/rules-k8s';
import { synthConstruct } from './support/scope';

const bad = synthConstruct((scope) => {
  new Release(scope, 'app', {
    name: 'bad', chart: './assets/chart-app-service/X', namespace: 'default', atomic: false,
    values: [stringify({
      image: { repository: 'x', tag: 'latest' },
      resources: { limits: { cpu: '1' } },
      probes: {},
      podSecurityContext: { runAsNonRoot: false, runAsUser: 0 },
      securityContext: { allowPrivilegeEscalation: true, privileged: true, capabilities: { add: ['SYS_ADMIN'] }, seccompProfile: { type: 'Unconfined' } },
    })],
  });
  new NamespaceV1(scope, 'ns', { metadata: { name: 'loose', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } });
  new NetworkPolicyV1(scope, 'open', {
    metadata: { name: 'open', namespace: 'other' },
    spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }], policyTypes: ['Ingress'] },
  });
});

test.each(kubernetesRules.map((r) => [r.id, r] as const))('%s reports the bad resources', (_id, rule) => {
  expect(rule.evaluate(bad).length).toBeGreaterThan(0);
});
