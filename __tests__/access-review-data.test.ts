/**
 * The access review's data is checked data: the action map against the service authorization reference, the pinned
 * managed policies against what the stacks attach, and the cluster stacks' plan access against what they manage.
 */
import { AWS_ACTIONS } from '../lib/access-review/aws-actions';
import { iamAction, iamResourceArnFormat, isReadOnly } from '../lib/access-review/iam-data';
import { pinnedManagedPolicies } from '../lib/access-review/managed-policies';
import { arnTypes, unmappedTypes } from '../lib/access-review/resource-requests';
import { EnvironmentModel } from '../lib/access-review/stack-model';
import { HELM_DRIVER, HELM_RECORDS_API, KUBERNETES_RESOURCE_APIS } from '../lib/kubernetes-api';
import { rolesOf } from '../lib/access-review/roles';
import { githubToken, trustFindings } from '../lib/access-review/trust';
import { pipelineRoleArns, planKubernetesGroup } from '../environments/schema/pipeline';
import { ENVIRONMENT_INPUTS } from '../environments';
import { mutated, problemsOf } from './support/config';
import { asList, platformStack, platformStacks, references, testEnvironments, type Json } from './support/synth';
import { MAPPINGS } from './support/terraform-kube';

const envs = testEnvironments();

describe('the action map (lib/access-review/aws-actions.ts)', () => {
  const entries = Object.entries(AWS_ACTIONS);

  test('every action exists in the service authorization reference', () => {
    const unknown = entries.flatMap(([type, e]) => [...e.create, ...e.read, ...e.update, ...e.delete].filter((a) => !iamAction(a)).map((a) => `${type}: ${a}`));
    expect(unknown).toEqual([]);
  });

  test('refresh calls are Read or List actions only (a plan never writes)', () => {
    const writes = entries.flatMap(([type, e]) => e.read.filter((a) => iamAction(a) && !isReadOnly(iamAction(a)!)).map((a) => `${type}: ${a}`));
    expect(writes).toEqual([]);
  });

  test('every ARN type is a resource type of its service', () => {
    const types = arnTypes();
    const missing = entries.filter(([, e]) => e.arnType).filter(([type]) => !iamResourceArnFormat(types[type].service, types[type].arnType!)).map(([type]) => type);
    expect(missing).toEqual([]);
  });

  test('every aws_* type of every synthesized stack has an entry', () => {
    const stacks = platformStacks().map((s) => ({ name: s.name, json: s.json }));
    const model = new EnvironmentModel(stacks, { accountId: '111111111111' }, arnTypes());
    expect(unmappedTypes(model, stacks.map((s) => s.name))).toEqual([]);
  });

  test('a type without an entry is reported (a new construct cannot slip past the review)', () => {
    const model = new EnvironmentModel([{ name: 's', json: { resource: { aws_brand_new_thing: { x: { name: 'x' } } } } }], { accountId: '111111111111' }, arnTypes());
    expect(unmappedTypes(model, ['s'])).toEqual(['aws_brand_new_thing']);
  });
});

describe('the Kubernetes API of each kubernetes_* type (lib/kubernetes-api.ts), checked against independent sources', () => {
  /** Kubernetes' own guess from kind to resource (apimachinery meta.UnsafeGuessKindToResource): lower case, then -s/-es/-ies. */
  const plural = (kind: string) => {
    const k = kind.toLowerCase();
    if (k.endsWith('s')) return `${k}es`;
    if (k.endsWith('y') && !/[aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
    return `${k}s`;
  };

  test.each(Object.entries(KUBERNETES_RESOURCE_APIS))('%s: group and resource match the API object the provider sends', (type, api) => {
    const mapping = MAPPINGS[type];
    expect(mapping).toBeDefined();
    const group = mapping.apiVersion.includes('/') ? mapping.apiVersion.split('/')[0] : '';
    expect({ group: api.apiGroup, resource: api.resource }).toEqual({ group, resource: plural(mapping.kind) });
  });

  test('scope: the cluster-scoped kinds are the ones the API serves without a namespace', () => {
    const clusterScoped = ['Namespace', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'Node', 'CustomResourceDefinition'];
    for (const [type, api] of Object.entries(KUBERNETES_RESOURCE_APIS)) expect({ type, namespaced: api.namespaced }).toEqual({ type, namespaced: !clusterScoped.includes(MAPPINGS[type].kind) });
  });

  test('Helm\'s records with the ConfigMap driver are ConfigMaps, read by a labelled list (helm pkg/storage/driver/cfgmaps.go Query)', () => {
    expect({ driver: HELM_DRIVER, api: HELM_RECORDS_API }).toEqual({ driver: 'configmap', api: { apiGroup: '', resource: 'configmaps', namespaced: true, verbs: ['get', 'list'] } });
  });
});

test('every AWS managed policy the stacks attach is pinned, with its version and where it was read', () => {
  const attached = new Set(platformStacks().flatMap((s) => s.resources('aws_iam_role_policy_attachment').map((a) => String(a.attrs.policy_arn))));
  const pinned = pinnedManagedPolicies();
  expect([...attached].filter((arn) => !pinned.has(arn))).toEqual([]);
  for (const policy of pinned.values()) {
    expect(policy).toMatchObject({ versionId: expect.stringMatching(/^v\d+$/), lastUpdated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}/), source: expect.any(String) });
    expect(asList(policy.document.Statement).length).toBeGreaterThan(0);
  }
});

describe.each(Object.values(envs).filter((e) => e.pipeline).map((e) => [e.name, e]))('%s: cluster access of the pipeline', (name, env) => {
  const infra = platformStack(name);
  const workloads = platformStack(`${name}-workloads`);
  const roles = { plan: pipelineRoleArns(env).plan[0], deploy: pipelineRoleArns(env).deploy[0] };
  const group = planKubernetesGroup(env.project);

  test('the plan role maps to the plan group with no EKS access policy; the deploy role gets cluster admin', () => {
    const entries = infra.resources('aws_eks_access_entry');
    const associations = infra.resources('aws_eks_access_policy_association');
    // An association names its principal directly or through the entry's principal_arn.
    const policiesOf = (arn: string) => associations.filter((a) => a.attrs.principal_arn === arn
      || entries.some((e) => e.attrs.principal_arn === arn && references(a.attrs.principal_arn).includes(e.address))).map((a) => a.attrs.policy_arn);
    expect(entries.find((e) => e.attrs.principal_arn === roles.plan)?.attrs.kubernetes_groups).toEqual([group]);
    expect(policiesOf(roles.plan)).toEqual([]);
    expect(policiesOf(roles.deploy)).toEqual(['arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy']);
  });

  test('both cluster stacks keep Helm release records in ConfigMaps', () => {
    for (const stack of [workloads, platformStack(`${name}-gpu`)]) expect(asList<Json>(stack.json.provider.helm).map((p) => p.helm_driver)).toEqual([HELM_DRIVER]);
  });

  test('the plan group reads every kind the cluster stacks manage, and Helm records in every release namespace; never Secrets', () => {
    const types = new Set([workloads, platformStack(`${name}-gpu`)].flatMap((s) => s.resources().map((r) => r.type)).filter((t) => t.startsWith('kubernetes_')));
    const rules = workloads.resources('kubernetes_cluster_role_v1').flatMap((r) => asList<Json>(r.attrs.rule));
    const granted = new Set(rules.filter((r) => r.verbs.includes('get')).flatMap((r) => r.resources.map((res: string) => `${r.api_groups[0]}/${res}`)));
    for (const type of types) expect(granted).toContain(`${KUBERNETES_RESOURCE_APIS[type].apiGroup}/${KUBERNETES_RESOURCE_APIS[type].resource}`);
    expect(rules.flatMap((r) => r.resources)).not.toContain('secrets');
    expect(rules.flatMap((r) => r.resources)).not.toContain('*');
    const releaseNamespaces = new Set([workloads, platformStack(`${name}-gpu`)].flatMap((s) => s.resources('helm_release').map((r) => r.attrs.namespace)));
    const bound = workloads.resources('kubernetes_role_binding_v1').filter((b) => b.attrs.subject.some((s: Json) => s.name === group)).map((b) => b.attrs.metadata.namespace);
    expect(new Set(bound)).toEqual(releaseNamespaces);
    expect(rules.find((r) => r.resources.includes('configmaps'))?.verbs).toEqual(['get', 'list']);
  });
});

test('listing a pipeline role under eks.access is rejected, naming the field (EKS allows one access entry per principal)', () => {
  const input = mutated(ENVIRONMENT_INPUTS.production, (e) => { e.eks.access.viewerRoleArns = [`arn:aws:iam::${e.aws.accountId}:role/${e.project}-production-github-plan`]; });
  expect(problemsOf('production', input).join('\n')).toMatch(/environment "production": eks\.access\.viewerRoleArns\[0\]: arn:aws:iam::\d+:role\/aifeedback-production-github-plan is the pipeline's plan role, which gets its cluster access automatically/);
});

test('a GitHub trust widened to a wildcard subject lets a fork in, and the review says which role and job', async () => {
  const name = Object.values(envs).find((e) => e.pipeline)!.name;
  const json = structuredClone(platformStack(`pipeline-${name}`).json);
  const deploy = Object.values<Json>(json.resource.aws_iam_role).find((r) => r.name.endsWith('-github-deploy'))!;
  const trust = JSON.parse(deploy.assume_role_policy);
  const condition = trust.Statement[0].Condition;
  delete condition.StringEquals['token.actions.githubusercontent.com:sub'];
  condition.StringLike = { 'token.actions.githubusercontent.com:sub': 'repo:*' };
  deploy.assume_role_policy = JSON.stringify(trust);
  const model = new EnvironmentModel([{ name: `pipeline-${name}`, json }], { accountId: envs[name].aws.accountId }, arnTypes());
  const role = rolesOf(model, `pipeline-${name}`).find((r) => r.name.endsWith('-github-deploy'))!;
  const provider = trust.Statement[0].Principal.Federated;
  const findings = await trustFindings(role, [{ label: 'a fork', ...githubToken(provider, `repo:someone-fork/x:environment:${name}`), expect: 'deny' }], envs[name].aws.accountId);
  expect(findings.map((f) => `${f.role}: ${f.scenario.label}: ${f.decision.result}`)).toEqual([`${role.name}: a fork: Allowed`]);
});
