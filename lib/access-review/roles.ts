/** The IAM roles of a stack as the simulator sees them: the role, its trust, and every policy that applies to it. */
import { managedPolicy } from './managed-policies';
import type { Identity, NamedPolicy } from './simulate';
import type { EnvironmentModel, Json, ModelResource } from './stack-model';

export interface ModelRole {
  readonly resource: ModelResource;
  readonly name: string;
  readonly arn: string;
  readonly identity: Identity;
  readonly trust: NamedPolicy;
}

export function rolesOf(model: EnvironmentModel, stack: string): ModelRole[] {
  const resources = model.resources(stack);
  return resources.filter((r) => r.type === 'aws_iam_role').map((role) => {
    const name = model.identifier(role);
    const arn = model.arn(role);
    const mine = (r: ModelResource) => [name, arn].includes(String(model.resolve(r.attrs.role, stack)));
    const inline: NamedPolicy[] = resources.filter((r) => r.type === 'aws_iam_role_policy' && mine(r))
      .map((r) => ({ name: String(model.resolve(r.attrs.name ?? r.name, stack)), policy: model.policy(r.attrs.policy, stack) }));
    const embedded: NamedPolicy[] = ((role.attrs.inline_policy ?? []) as Json[]).map((p) => ({ name: p.name, policy: model.policy(p.policy, stack) }));
    const attached = resources.filter((r) => r.type === 'aws_iam_role_policy_attachment' && mine(r))
      .map((r) => managedPolicy(String(model.resolve(r.attrs.policy_arn, stack))));
    const boundary = role.attrs.permissions_boundary ? [managedPolicy(String(model.resolve(role.attrs.permissions_boundary, stack)))] : undefined;
    return {
      resource: role, name, arn,
      identity: { label: name, principal: arn, identityPolicies: [...attached, ...inline, ...embedded], permissionBoundary: boundary },
      trust: { name: `${name} trust`, policy: model.policy(role.attrs.assume_role_policy, stack) },
    };
  });
}
