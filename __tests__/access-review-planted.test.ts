/**
 * The access review proves it can fail: each defect is planted in a copy of the synthesized stacks and caught with a
 * message that names the role, the action, the resource and the statement responsible.
 */
import { rbacFindings, reviewedEnvironment, stacksOf } from '../lib/access-review/environment-review';
import { describeKeyUseFinding, keyUseFindings, keyUses } from '../lib/access-review/key-usage';
import { deployRoleReview, describeFinding, planRoleReview } from '../lib/access-review/pipeline-review';
import { arnTypes } from '../lib/access-review/resource-requests';
import { rolesOf } from '../lib/access-review/roles';
import { EnvironmentModel, type StackJson } from '../lib/access-review/stack-model';
import { describeTrustFinding, roleUsage, serviceTrustScenarios, trustFindings } from '../lib/access-review/trust';
import { platformStacks, testEnvironments, type Json } from './support/synth';

const envs = testEnvironments();
/** The environment with the most regions: its deploy role's region list has something to lose. */
const env = Object.values(envs).find((e) => e.pipeline && e.dr) ?? Object.values(envs).find((e) => e.pipeline)!;
const reviewed = reviewedEnvironment(env);
const fresh = (): StackJson[] => stacksOf(env.name, platformStacks().map((s) => ({ name: s.name, json: structuredClone(s.json) })));
const stack = (stacks: StackJson[], name: string) => stacks.find((s) => s.name === name)!.json;
const model = (stacks: StackJson[]) => new EnvironmentModel(stacks, { accountId: env.aws.accountId }, arnTypes());
const deployed = [env.name, `${env.name}-workloads`, `${env.name}-gpu`];

/** Edits the policy document of one resource attribute in place. */
function editPolicy(resource: Json, attr: string, edit: (doc: Json) => void): void {
  const doc = JSON.parse(resource[attr]);
  edit(doc);
  resource[attr] = JSON.stringify(doc);
}
const byName = (block: Json, predicate: (attrs: Json) => boolean) => Object.values<Json>(block).find(predicate)!;

test('the environment under test uses more than one region (the region defect has something to drop)', () => {
  const regions = new Set(deployed.flatMap((s) => (stack(fresh(), s).provider?.aws ?? []).map((p: Json) => p.region)));
  expect(regions.size).toBeGreaterThan(2);
});

test('a region missing from the deploy role\'s region list: the resources there are denied, naming the statement', async () => {
  const stacks = fresh();
  const regions = (stack(stacks, env.name).provider.aws as Json[]).map((p) => p.region);
  const dropped = regions.find((r) => r !== env.aws.region && r !== 'us-east-1')!;
  const deployPolicy = byName(stack(stacks, `pipeline-${env.name}`).resource.aws_iam_role_policy, (p) => p.name.endsWith('-github-deploy-scoped'));
  editPolicy(deployPolicy, 'policy', (doc) => {
    const condition = doc.Statement.find((s: Json) => s.Sid === 'OnlyStackRegions').Condition.StringNotEquals;
    condition['aws:RequestedRegion'] = condition['aws:RequestedRegion'].filter((r: string) => r !== dropped);
  });
  const m = model(stacks);
  const role = rolesOf(m, `pipeline-${env.name}`).find((r) => r.name.endsWith('-github-deploy'))!;
  const findings = (await deployRoleReview(m, role, deployed)).findings;
  expect(findings.length).toBeGreaterThan(0);
  // Every denied call is one made in the dropped region (a replica's call may name its source's ARN in another).
  expect(new Set(findings.map((f) => (f.request as { context?: Json }).context?.['aws:RequestedRegion']))).toEqual(new Set([dropped]));
  for (const line of findings.map(describeFinding)) {
    expect(line).toMatch(new RegExp(`^${role.name}: \\S+:\\S+ on \\S+ \\((create|read|update|delete) of ${env.name}: aws_\\w+\\.\\S+, in ${dropped}\\): expected allow, explicitly denied by ${role.name}-scoped#OnlyStackRegions$`));
  }
});

test('a KMS key policy missing a service principal its key is used with', async () => {
  const stacks = fresh();
  const m0 = model(stacks);
  const use = keyUses(m0).find((u) => u.principal.startsWith('logs.'))!;
  const key = m0.resources().find((r) => r.type === 'aws_kms_key' && m0.arn(r) === use.keyArn)!;
  editPolicy(stack(stacks, key.stack).resource.aws_kms_key[key.name], 'policy', (doc) => {
    doc.Statement = doc.Statement.filter((s: Json) => s.Principal?.Service !== use.principal);
  });
  const lines = (await keyUseFindings(model(stacks), keyUses(model(stacks)))).map(describeKeyUseFinding);
  expect(lines.length).toBeGreaterThan(0);
  expect(lines[0]).toMatch(new RegExp(`^${key.stack}: ${key.address}: ${use.principal.replace(/\./g, '\\.')} may not kms:\\w+ \\(log group .*\\): no statement allows it .*${key.address} key policy`));
});

test('a Pod Identity role losing its namespace condition: a pod of another namespace could assume it', async () => {
  const stacks = fresh();
  const m0 = model(stacks);
  const usage = roleUsage(m0);
  const role = rolesOf(m0, env.name).find((r) => (usage.get(r.arn)?.pods.length ?? 0) > 0)!;
  editPolicy(stack(stacks, env.name).resource.aws_iam_role[role.resource.name], 'assume_role_policy', (doc) => {
    delete doc.Statement[0].Condition.StringEquals['aws:RequestTag/kubernetes-namespace'];
  });
  const m = model(stacks);
  const planted = rolesOf(m, env.name).find((r) => r.name === role.name)!;
  const lines = (await trustFindings(planted, serviceTrustScenarios(usage.get(role.arn)!, env.aws.accountId, 'arn:aws:eks:eu-north-1:999999999999:cluster/other'), env.aws.accountId)).map(describeTrustFinding);
  expect(lines).toEqual([expect.stringMatching(new RegExp(`^${role.name}: trust: a pod of \\S+ in another namespace cannot: expected deny, got Allowed \\(sts:AssumeRole by pods\\.eks\\.amazonaws\\.com; .*statement: ${role.name} trust#`))]);
});

test('the plan role gaining a write action', async () => {
  const stacks = fresh();
  const planPolicy = byName(stack(stacks, `pipeline-${env.name}`).resource.aws_iam_role_policy, (p) => p.name.endsWith('-github-plan-scoped'));
  editPolicy(planPolicy, 'policy', (doc) => doc.Statement.push({ Sid: 'PlantedWrite', Effect: 'Allow', Action: 'ec2:CreateVpc', Resource: '*' }));
  const m = model(stacks);
  const role = rolesOf(m, `pipeline-${env.name}`).find((r) => r.name.endsWith('-github-plan'))!;
  const lines = (await planRoleReview(m, role, deployed)).findings.map(describeFinding);
  expect(lines).toContain(`${role.name}: ec2:CreateVpc on *: expected deny, allowed by ${role.name}-scoped#PlantedWrite (a Write action)`);
  // The stacks' own create call is caught as well, on the VPC's real ARN.
  expect(lines.some((l) => /ec2:CreateVpc on arn:aws:ec2:\S+:vpc\/.*\(create of .*aws_vpc\..*\): expected deny, allowed by .*#PlantedWrite/.test(l))).toBe(true);
});

test('an application Secret readable by the plan identity', () => {
  const stacks = fresh();
  const reader = byName(stack(stacks, `${env.name}-workloads`).resource.kubernetes_cluster_role_v1, (r) => r.metadata.name.endsWith('-terraform-plan'));
  reader.rule.push({ api_groups: [''], resources: ['secrets'], verbs: ['get'] });
  const m = model(stacks);
  const lines = rbacFindings(m, reviewed, deployed, rolesOf(m, `pipeline-${env.name}`)).map((f) => `${f.identity}: ${f.request.verb} ${f.request.resource} in ${f.request.namespace}: expected ${f.expected}, ${f.reason}`);
  expect(lines).toContain(`${env.project}-${env.name}-github-plan: get secrets in ${env.workloads.namespace}: expected deny, granted by ClusterRole/${env.project}-terraform-plan through ${Object.keys(stack(stacks, `${env.name}-workloads`).resource.kubernetes_cluster_role_binding_v1).map((k) => `kubernetes_cluster_role_binding_v1.${k}`)[0]}`);
});

test('a helm release whose namespace lost its records binding: the plan cannot refresh it', () => {
  const stacks = fresh();
  const bindings = stack(stacks, `${env.name}-workloads`).resource.kubernetes_role_binding_v1;
  const [first] = Object.keys(bindings);
  const namespace = String(bindings[first].metadata.namespace);
  delete bindings[first];
  const m = model(stacks);
  const lines = rbacFindings(m, reviewed, deployed, rolesOf(m, `pipeline-${env.name}`)).map((f) => `${f.identity}: ${f.request.verb} ${f.request.resource} ${f.expected}`);
  expect(lines.length).toBeGreaterThan(0);
  expect(lines).toContain(`${env.project}-${env.name}-github-plan: list configmaps allow`);
  expect(namespace).not.toBe('');
});
