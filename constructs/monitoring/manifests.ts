/**
 * Kubernetes manifests the monitoring releases ship through their charts' `extraManifests` (rendered by Helm
 * once the CRDs exist, unlike a kubernetes_manifest, which needs them at plan time).
 */
import type { Plain } from '../../lib/deep-merge';

/**
 * Charts pass `extraManifests` through Helm's `tpl`: literal `{{`/`}}` (Grafana legends, external-secrets
 * templates) are written as Go-template string actions so they reach the cluster unchanged.
 */
export function escapeHelmTemplate(text: string): string {
  return text.replace(/\{\{|\}\}/g, (braces) => `{{\`${braces}\`}}`);
}

/** Inverse of escapeHelmTemplate (what `tpl` renders), for tests and checks. */
export function unescapeHelmTemplate(text: string): string {
  return text.replace(/\{\{`(\{\{|\}\})`\}\}/g, '$1');
}

export interface ExternalSecretProps {
  /** Name of the ExternalSecret and of the Kubernetes Secret it writes. */
  readonly name: string;
  readonly namespace: string;
  /** ClusterSecretStore name. */
  readonly storeName: string;
  /** Secret key → Secrets Manager entry name (full name, e.g. `aifeedback/production/GRAFANA_ADMIN_PASSWORD`). */
  readonly keys: Readonly<Record<string, string>>;
  /** external-secrets template data (`{{ .key }}` placeholders), for keys built from the fetched ones. @default none */
  readonly template?: Readonly<Record<string, string>>;
}

/** An ExternalSecret (external-secrets.io/v1) that copies Secrets Manager entries into one Kubernetes Secret. */
export function externalSecret(props: ExternalSecretProps): Plain {
  const target: Plain = { name: props.name, creationPolicy: 'Owner' };
  if (props.template) {
    const data = Object.fromEntries(Object.entries(props.template).map(([k, v]) => [k, escapeHelmTemplate(v)]));
    target.template = { engineVersion: 'v2', data };
  }
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: props.name, namespace: props.namespace },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: props.storeName },
      target,
      data: Object.entries(props.keys).map(([secretKey, key]) => ({ secretKey, remoteRef: { key } })),
    },
  };
}
