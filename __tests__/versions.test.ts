/** Pinned versions live in environments/versions.ts and agree with package.json and the synthesized JSON. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { EKS_ADDON_VERSIONS, EKS_KUBERNETES_VERSIONS, PROVIDERS } from '../environments/versions';
import { platformStacks } from './support/synth';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));

test.each(Object.values(PROVIDERS).map((p) => [p.npm, p] as const))('%s is pinned exactly in package.json', (_name, provider) => {
  expect(pkg.dependencies[provider.npm]).toBe(provider.npmVersion);
});

test('every stack requires exactly the pinned provider versions', () => {
  for (const stack of platformStacks()) {
    for (const [name, required] of Object.entries(stack.json.terraform.required_providers as Record<string, { version: string }>)) {
      const pinned = Object.values(PROVIDERS).find((p) => p.provider.endsWith(`/${name}`));
      expect({ stack: stack.name, name, version: required.version }).toEqual({ stack: stack.name, name, version: pinned?.version });
    }
  }
});

test('every supported Kubernetes version has a version for every managed add-on', () => {
  for (const version of Object.keys(EKS_KUBERNETES_VERSIONS)) {
    expect(Object.keys(EKS_ADDON_VERSIONS[version as keyof typeof EKS_ADDON_VERSIONS]).sort()).toEqual(['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
  }
});

test('toolchain packages are pinned exactly (no ranges)', () => {
  for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    expect({ name, version }).toEqual({ name, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  }
});
