/**
 * Identity strings other systems compare exactly (GitHub's and Terraform Cloud's OIDC `sub` claims), what EKS allows
 * once per cluster (access entries, Pod Identity associations), and the public endpoint's allow-list: each planted
 * mistake is refused as `environment "<env>": <field>: <rule>`, valid variations pass.
 */
import { ENVIRONMENT_INPUTS, loadEnvironments, type EnvironmentInput } from '../environments';
import { MAX_PUBLIC_ACCESS_CIDRS } from '../environments/schema/eks';
import { pipelineRoleArns } from '../environments/schema/pipeline';
import { REDIS_TOKEN_IDENTITY, WORKLOAD_IDENTITIES } from '../environments/schema/workload-identities';
import { usesPodIdentity } from '../environments/schema/workloads';
import { ConfigValidationError } from '../environments/validate';
import { expectProblem, mutated, problemsOf } from './support/config';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Mutable = Parameters<Parameters<typeof mutated>[1]>[0];

const inputs = Object.values(ENVIRONMENT_INPUTS);
const configs = loadEnvironments({}, ENVIRONMENT_INPUTS);
const withPipeline = inputs.find((i) => i.pipeline) ?? inputs[0];
const pipelined = (change: (p: Any) => void) => mutated(withPipeline, (e) => { e.pipeline = { repository: 'acme/infrastructure', ...(e.pipeline ?? {}) }; change(e.pipeline); });
const cloud = (input: EnvironmentInput, state: Record<string, unknown> = {}) => mutated(input, (e) => {
  e.state = { backend: 'cloud', organization: 'acme-infra', workspacePrefix: e.project, agentPool: `${e.project}-${e.name}`, ...state } as Any;
});
const linesOf = (registry: Record<string, EnvironmentInput>): string[] => {
  try {
    loadEnvironments({}, registry);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
};

/** Renames a service and every reference to it, so that the rename is the only change. */
function renameService(e: Mutable, from: string, to: string): void {
  for (const s of e.workloads.services as Any[]) {
    if (s.name === from) { s.name = to; delete s.hostname; }
    for (const list of ['ingressFrom', 'egressTo'] as const) if (Array.isArray(s[list])) s[list] = s[list].map((x: string) => (x === from ? to : x));
  }
}

describe('GitHub identities as the OIDC sub claim spells them', () => {
  it.each([
    ['a repository URL', 'https://github.com/acme/infrastructure', /"acme\/infrastructure", not a URL/],
    ['a clone address', 'git@github.com:acme/infrastructure.git', /"acme\/infrastructure", not a URL/],
    ['a .git name', 'acme/infrastructure.git', /"acme\/infrastructure"/],
    ['an owner GitHub does not allow', '-acme/infrastructure', /not a GitHub account name/],
  ])('%s is refused at pipeline.repository', (_label, repository, rule) => {
    expectProblem(pipelined((p) => { p.repository = repository; }), 'pipeline.repository', rule);
  });

  it('a branch given as refs/heads/<name> is refused with the bare name', () => {
    expectProblem(pipelined((p) => { p.branch = 'refs/heads/main'; }), 'pipeline.branch', /bare branch name "main"/);
  });

  it.each([['a tag ref', 'refs/tags/v1.0', /not tags or other refs/], ['a name git refuses', 'release..1', /not a valid git branch name/]])('%s is refused', (_l, branch, rule) => {
    expectProblem(pipelined((p) => { p.branch = branch; }), 'pipeline.branch', rule);
  });

  it('GitHub environment names over 255 characters or with ":" are refused', () => {
    expectProblem(pipelined((p) => { p.githubEnvironment = 'p'.repeat(256); }), 'pipeline.githubEnvironment', /at most 255/);
    expectProblem(pipelined((p) => { p.githubEnvironment = 'prod:eu'; }), 'pipeline.githubEnvironment', /no ":"/);
  });

  it('valid variations pass: a release branch, a mixed-case environment, dots in the repository name', () => {
    expect(problemsOf(withPipeline.name, pipelined((p) => { p.repository = 'acme/infra.platform'; p.branch = 'release/2026.12'; p.githubEnvironment = 'Production EU'; }))).toEqual([]);
  });

  it('two environments naming one GitHub environment in different case are refused (GitHub compares case-insensitively)', () => {
    const [first, second] = inputs;
    const repository = 'acme/infrastructure';
    const registry = {
      [first.name]: mutated(first, (e) => { e.pipeline = { repository, githubEnvironment: 'Production', createOidcProvider: true }; }),
      [second.name]: mutated(second, (e) => { e.pipeline = { repository: repository.toUpperCase(), githubEnvironment: 'production', createOidcProvider: false }; }),
    };
    expect(linesOf(registry).join('\n')).toMatch(new RegExp(`environment "${second.name}": pipeline.githubEnvironment: "production" is the GitHub environment of environment "${first.name}" too`));
    registry[second.name] = mutated(registry[second.name], (e) => { e.pipeline!.githubEnvironment = 'staging'; });
    expect(linesOf(registry).filter((l) => l.includes('githubEnvironment'))).toEqual([]);
  });
});

describe('Terraform Cloud identities as the run token spells them', () => {
  const base = inputs[0];

  it('an organization given as a URL is refused with the bare name', () => {
    expectProblem(cloud(base, { organization: 'https://app.terraform.io/app/acme-infra/workspaces' }), 'state.organization', /bare organization name "acme-infra"/);
  });

  it('a hostname with a scheme is refused', () => {
    expectProblem(cloud(base, { hostname: 'https://app.terraform.io' }), 'state.hostname', /bare lower-case host name/);
  });

  it('a default project name (`<project>-<name>`) over 40 characters is refused at project', () => {
    const project = `${base.project}-${'x'.repeat(40)}`.slice(0, 32);
    expectProblem(cloud(mutated(base, (e) => { e.project = project; })), 'project', /Terraform Cloud project names allow at most 40/);
  });

  it('valid: an explicit project name with spaces, a Terraform Enterprise host', () => {
    expect(problemsOf(base.name, cloud(base, { project: 'AI Feedback Prod', hostname: 'tfe.example.com' }))).toEqual([]);
  });
});

describe('once per cluster', () => {
  const base = inputs[0];
  const config = configs[base.name];

  it('one role in two eks.access lists is refused (one access entry per principal)', () => {
    const arn = config.eks.access.adminRoleArns[0] ?? config.eks.access.deployRoleArns[0];
    const input = mutated(base, (e) => { (e.eks.access as Any).viewerRoleArns = [...(e.eks.access.viewerRoleArns ?? []), arn]; });
    const index = (input.eks.access.viewerRoleArns ?? []).length - 1;
    expectProblem(input, `eks.access.viewerRoleArns[${index}]`, /already has an access entry as eks\.access\.\w+\[0\].*one access entry per principal/);
  });

  it('the node role listed under eks.access is refused (node groups make its entry)', () => {
    const nodeRole = `arn:aws:iam::${config.aws.accountId}:role/${config.project}-${config.name}-node`;
    const input = mutated(base, (e) => { (e.eks.access as Any).adminRoleArns = [...(e.eks.access.adminRoleArns ?? []), nodeRole]; });
    expectProblem(input, `eks.access.adminRoleArns[${(input.eks.access.adminRoleArns ?? []).length - 1}]`, /node role/);
  });

  it('a pipeline role listed under eks.access is reported once, with its own fix', () => {
    const deploy = pipelineRoleArns(config).deploy[0];
    if (!deploy) return; // no pipeline: nothing to plant
    const input = mutated(base, (e) => { (e.eks.access as Any).viewerRoleArns = [deploy]; });
    const lines = problemsOf(base.name, input).filter((l) => l.includes('eks.access.viewerRoleArns[0]'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/gets its cluster access automatically/);
  });

  it('an app service whose service account is a platform identity\'s is refused (one Pod Identity association per service account)', () => {
    const [service] = Object.entries(config.workloads.services).find(([, s]) => usesPodIdentity(s))!;
    const platform = Object.values(WORKLOAD_IDENTITIES)[0];
    const input = mutated(base, (e) => { e.workloads.namespace = platform.namespace; renameService(e, service, platform.serviceAccount); });
    expectProblem(input, `workloads.services.${platform.serviceAccount}`, new RegExp(`${platform.namespace}/${platform.serviceAccount} already has a Pod Identity association`));
  });

  it('an app service named like the Redis token job in its namespace is refused', () => {
    const [service] = Object.entries(config.workloads.services).find(([, s]) => usesPodIdentity(s))!;
    const input = mutated(base, (e) => { e.workloads.namespace = REDIS_TOKEN_IDENTITY.namespace; renameService(e, service, REDIS_TOKEN_IDENTITY.serviceAccount); });
    expectProblem(input, `workloads.services.${REDIS_TOKEN_IDENTITY.serviceAccount}`, /Redis token job/);
  });
});

describe('public EKS endpoint allow-list', () => {
  const publicInput = inputs.find((i) => i.eks.endpoint.publicAccess) ?? mutated(inputs[0], (e) => { e.eks.endpoint = { publicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] }; });
  const withCidrs = (cidrs: string[]) => mutated(publicInput, (e) => { e.eks.endpoint.publicAccessCidrs = cidrs; });

  it.each([
    ['the internet', ['0.0.0.0/0'], 'eks.endpoint.publicAccessCidrs[0]', /opens the API to the internet/],
    ['the internet as two halves', ['0.0.0.0/1', '128.0.0.0/1'], 'eks.endpoint.publicAccessCidrs[1]', /not an allow-list/],
    ['a private VPN range', ['198.51.100.0/24', '10.100.0.0/16'], 'eks.endpoint.publicAccessCidrs[1]', /reserved range 10\.0\.0\.0\/8.*privateAccessCidrs/],
    ['more ranges than the EKS quota', Array.from({ length: MAX_PUBLIC_ACCESS_CIDRS + 1 }, (_, i) => `198.51.${i}.0/24`), 'eks.endpoint.publicAccessCidrs', /at most 40 per cluster/],
    ['no list at all (EKS would default to 0.0.0.0/0)', [], 'eks.endpoint.publicAccessCidrs', /must list the allowed networks/],
  ])('%s is refused', (_label, cidrs, path, rule) => {
    expectProblem(withCidrs(cidrs), path, rule);
  });

  it('specific public networks pass', () => {
    expect(problemsOf(publicInput.name, withCidrs(['198.51.100.0/24', '192.0.2.10/32']))).toEqual([]);
  });
});
