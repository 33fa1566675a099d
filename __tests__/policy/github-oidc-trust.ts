/**
 * GitHub OIDC trust (checkov CKV_AWS_358 and stricter): a role federated to token.actions.githubusercontent.com
 * may only be assumed with AssumeRoleWithWebIdentity, `aud` = sts.amazonaws.com, and `sub` matched with
 * StringEquals against exact subjects of one repository: no wildcards, no StringLike, no other repository.
 */
import { asList, parsePolicy, type Json, type SynthResource } from '../support/synth';

const HOST = 'token.actions.githubusercontent.com';
const SUBJECT = /^repo:([A-Za-z0-9-]+\/[A-Za-z0-9_.-]+):(pull_request|ref:refs\/heads\/[A-Za-z0-9._/-]+|environment:[A-Za-z0-9_.-]+)$/;

export interface TrustExpectation {
  readonly repository: string;
  /** Subjects this role may trust, e.g. only `environment:production` for a deploy role. */
  readonly allowedKinds: ReadonlyArray<'pull_request' | 'ref' | 'environment'>;
}

const isGithubFederated = (s: Json) => asList<string>(s.Principal?.Federated).some((p) => p.includes(HOST));

/** Roles whose trust policy federates to GitHub's OIDC provider. */
export function githubFederatedRoles(roles: readonly SynthResource[]): SynthResource[] {
  return roles.filter((r) => asList<Json>(parsePolicy(r.attrs.assume_role_policy).Statement).some(isGithubFederated));
}

/** Every problem with a GitHub-federated trust policy (empty when it is scoped as required). */
export function githubTrustProblems(assumeRolePolicy: unknown, expected: TrustExpectation): string[] {
  const problems: string[] = [];
  for (const s of asList<Json>(parsePolicy(assumeRolePolicy).Statement).filter(isGithubFederated)) {
    if (s.Effect !== 'Allow') continue;
    if (asList(s.Action).join() !== 'sts:AssumeRoleWithWebIdentity') problems.push(`action must be exactly sts:AssumeRoleWithWebIdentity, got ${asList(s.Action).join(', ')}`);
    const conditions: Json = s.Condition ?? {};
    for (const operator of Object.keys(conditions)) {
      if (operator !== 'StringEquals' && Object.keys(conditions[operator]).some((k) => k.startsWith(HOST))) {
        problems.push(`${operator} on GitHub claims: only StringEquals (exact match) is allowed`);
      }
    }
    const equals: Json = conditions.StringEquals ?? {};
    if (asList(equals[`${HOST}:aud`]).join() !== 'sts.amazonaws.com') problems.push('aud must be exactly sts.amazonaws.com');
    const subjects = asList<string>(equals[`${HOST}:sub`]);
    if (subjects.length === 0) problems.push('no sub condition: any repository on GitHub could assume the role');
    for (const sub of subjects) {
      const match = SUBJECT.exec(sub);
      if (/[*?]/.test(sub) || !match) problems.push(`sub "${sub}" is not an exact repository subject (wildcards are not allowed)`);
      else if (match[1] !== expected.repository) problems.push(`sub "${sub}" names another repository than ${expected.repository}`);
      else if (!expected.allowedKinds.includes(match[2].split(':')[0] as TrustExpectation['allowedKinds'][number])) problems.push(`sub "${sub}": this role may only trust ${expected.allowedKinds.join(', ')}`);
    }
  }
  return problems;
}
