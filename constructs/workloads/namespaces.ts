/** Namespaces with Pod Security Standards labels; every level below `restricted` carries its reason. */
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct } from 'constructs';

export type PssLevel = 'restricted' | 'baseline' | 'privileged';

export interface NamespaceSpec {
  readonly name: string;
  /** Enforced PSS level. */
  readonly level: PssLevel;
  /** Why a level below restricted is needed (required unless restricted). */
  readonly reason?: string;
  /** Extra labels. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The load balancer controller injects target-health readiness gates into pods of namespaces with this label. */
export const READINESS_GATE_LABEL = { 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' } as const;

/** The PSS labels: enforce the level, and always audit and warn against `restricted` so drift is visible. */
export function pssLabels(level: PssLevel): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': level === 'restricted' ? 'restricted' : level,
  };
}

export interface NamespacesProps {
  readonly namespaces: readonly NamespaceSpec[];
}

export class Namespaces extends Construct {
  /** Namespace resources by name (use `.metadata.name` to depend on them). */
  public readonly byName: Record<string, NamespaceV1> = {};

  constructor(scope: Construct, id: string, props: NamespacesProps) {
    super(scope, id);
    for (const spec of props.namespaces) {
      if (spec.level !== 'restricted' && !spec.reason) {
        throw new Error(`Namespaces: "${spec.name}" is ${spec.level} without a reason: say which pods need it`);
      }
      this.byName[spec.name] = new NamespaceV1(this, spec.name, {
        metadata: {
          name: spec.name,
          labels: { ...spec.labels, ...pssLabels(spec.level), 'app.kubernetes.io/managed-by': 'terraform' },
          annotations: spec.reason ? { 'aifeedback.se/pss-exception': spec.reason } : undefined,
        },
      });
    }
  }
}
