/**
 * Every pinned version in one place, each with where it was confirmed (2026-11).
 * Providers are pinned in package.json; a test checks the two agree and that synth writes them exactly.
 */

/** cdktf prebuilt providers: npm package version → Terraform provider version it wraps. */
export const PROVIDERS = {
  aws: { npm: '@cdktf/provider-aws', npmVersion: '20.1.0', provider: 'hashicorp/aws', version: '5.100.0', confirmed: 'docs/decisions/0002-provider-and-version-pins.md; the provider binary the offline plan tests run' },
  kubernetes: { npm: '@cdktf/provider-kubernetes', npmVersion: '12.1.1', provider: 'hashicorp/kubernetes', version: '2.38.0', confirmed: 'docs/decisions/0002-provider-and-version-pins.md' },
  helm: { npm: '@cdktf/provider-helm', npmVersion: '12.1.2', provider: 'hashicorp/helm', version: '3.1.1', confirmed: 'docs/decisions/0002-provider-and-version-pins.md' },
  cloudflare: { npm: '@cdktf/provider-cloudflare', npmVersion: '13.9.1', provider: 'cloudflare/cloudflare', version: '5.14.0', confirmed: 'docs/decisions/0002-provider-and-version-pins.md' },
  tfe: { npm: '@cdktf/provider-tfe', npmVersion: '12.5.1', provider: 'hashicorp/tfe', version: '0.71.0', confirmed: 'npm registry @cdktf/provider-tfe 12.5.1 (its package.json cdktf.provider: hashicorp/tfe 0.71.0), 2026-12-06; the tfc-<env> stacks only' },
} as const;

/** The EKS managed add-ons every cluster runs, each pinned per Kubernetes minor (constructs/eks/cluster-addons.ts). */
export const EKS_ADDON_NAMES = ['vpc-cni', 'coredns', 'kube-proxy', 'eks-pod-identity-agent', 'aws-ebs-csi-driver'] as const;
export type EksAddonName = (typeof EKS_ADDON_NAMES)[number];

/**
 * Everything one Kubernetes minor needs before an environment may run it. Validation names each missing or
 * malformed entry (environments/kubernetes-upgrade.ts); docs/operating.md "Upgrading Kubernetes" is the runbook.
 */
export interface KubernetesVersionRow {
  /** Last day of EKS standard support (YYYY-MM-DD), from the EKS Kubernetes release calendar; synth warns 60 days ahead. */
  readonly standardSupportEnds: string;
  /**
   * EKS managed add-on versions (`v<x.y.z>-eksbuild.<n>`; kube-proxy is built per minor). Confirm with
   * `aws eks describe-addon-versions --kubernetes-version <minor> --addon-name <name> --region eu-north-1`.
   */
  readonly addons: Readonly<Record<EksAddonName, string>>;
  /** cluster-autoscaler image tag: its minor must be the cluster's (kubernetes/autoscaler releases). */
  readonly clusterAutoscalerImage: string;
}

/**
 * The version table: one row per Kubernetes minor in EKS standard support. To offer a new minor, add its row here
 * with every entry; environments pick a minor with `eks.kubernetesVersion`.
 * standardSupportEnds: the release calendar of the EKS user guide "Understand the Kubernetes version lifecycle on
 * EKS" (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html), read 2026-12-06 from an older
 * stored copy, so cross-checked: 1.35 in endoflife.date's Amazon EKS table, 1.36 in an `aws eks
 * describe-cluster-versions` answer; confirm both on the live page at the next edit. 1.34 ended 2026-12-02, so it
 * is not offered. Add-ons: coredns and kube-proxy from the EKS user guide managing-coredns /
 * managing-kube-proxy tables; vpc-cni, eks-pod-identity-agent, aws-ebs-csi-driver from the upstream release tags
 * (aws/amazon-vpc-cni-k8s v1.23.0, kubernetes-sigs/aws-ebs-csi-driver v1.64.0) with the eksbuild suffix EKS
 * served as default in 2026-09. Autoscaler images: kubernetes/autoscaler releases (2026-07-22).
 */
export const KUBERNETES_VERSIONS = {
  '1.35': {
    standardSupportEnds: '2027-03-27',
    addons: {
      'vpc-cni': 'v1.22.4-eksbuild.3',
      coredns: 'v1.14.3-eksbuild.3',
      'kube-proxy': 'v1.35.3-eksbuild.13',
      'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
      'aws-ebs-csi-driver': 'v1.64.0-eksbuild.1',
    },
    clusterAutoscalerImage: 'v1.35.2',
  },
  '1.36': {
    standardSupportEnds: '2027-08-02',
    addons: {
      'vpc-cni': 'v1.22.4-eksbuild.3',
      coredns: 'v1.14.3-eksbuild.3',
      'kube-proxy': 'v1.36.0-eksbuild.14',
      'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
      'aws-ebs-csi-driver': 'v1.64.0-eksbuild.1',
    },
    clusterAutoscalerImage: 'v1.36.1',
  },
} as const satisfies Readonly<Record<string, KubernetesVersionRow>>;
export type KubernetesVersion = keyof typeof KUBERNETES_VERSIONS;
export type KubernetesVersionTable = Readonly<Record<string, KubernetesVersionRow>>;

/**
 * Kubernetes object models the tests validate rendered objects with, by the Kubernetes minor they were generated
 * from. The render tests pick the cluster's own minor or the closest older one (and say so); to validate with a
 * minor's own models, install them and list them here (`npm` is the package name, or an npm alias when two
 * minors' models are installed side by side).
 */
export const KUBERNETES_OBJECT_MODELS: Readonly<Record<string, { readonly npm: string; readonly version: string; readonly confirmed: string }>> = {
  '1.36': { npm: 'kubernetes-models', version: '5.1.0', confirmed: 'tommy351/kubernetes-models-ts first-party/kubernetes-models/CHANGELOG.md 5.0.0 "Update to Kubernetes v1.36.0" (read 2026-12-06)' },
};

/** Views of a version table for the constructs, by minor (derived: edit KUBERNETES_VERSIONS, not these). */
export function versionTableViews(table: KubernetesVersionTable) {
  const byMinor = <T>(pick: (row: KubernetesVersionRow) => T) =>
    Object.fromEntries(Object.entries(table).map(([minor, row]) => [minor, pick(row)])) as Record<KubernetesVersion, T>;
  return {
    EKS_KUBERNETES_VERSIONS: byMinor((row) => ({ standardSupportEnds: row.standardSupportEnds })),
    EKS_ADDON_VERSIONS: byMinor((row) => row.addons),
    CLUSTER_AUTOSCALER_IMAGE: byMinor((row) => row.clusterAutoscalerImage),
  };
}
export const { EKS_KUBERNETES_VERSIONS, EKS_ADDON_VERSIONS, CLUSTER_AUTOSCALER_IMAGE } = versionTableViews(KUBERNETES_VERSIONS);

/**
 * Helm charts of the workloads stack. Each chart version was read from the chart's Chart.yaml in its source
 * repository (snapshot of 2026-08); bump here only, after reading the chart's upgrade notes.
 */
export const HELM_CHARTS = {
  'aws-load-balancer-controller': { repository: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: '3.5.0', confirmed: 'aws/eks-charts stable/aws-load-balancer-controller/Chart.yaml @5239609 (2026-08-03)' },
  'external-dns': { repository: 'https://kubernetes-sigs.github.io/external-dns/', chart: 'external-dns', version: '1.21.1', confirmed: 'kubernetes-sigs/external-dns charts/external-dns/Chart.yaml @9f264513 (2026-04-30)' },
  'metrics-server': { repository: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.1', confirmed: 'kubernetes-sigs/metrics-server tag metrics-server-helm-chart-3.13.1 (2026-06-08)' },
  'cluster-autoscaler': { repository: 'https://kubernetes.github.io/autoscaler', chart: 'cluster-autoscaler', version: '9.59.0', confirmed: 'kubernetes/autoscaler tag chart-9.59.0 (2026-07-21)' },
  'nvidia-device-plugin': { repository: 'https://nvidia.github.io/k8s-device-plugin', chart: 'nvidia-device-plugin', version: '0.20.0', confirmed: 'NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin/Chart.yaml @7774fe3a (2026-08-19)' },
  'external-secrets': { repository: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0', confirmed: 'external-secrets/external-secrets deploy/charts/external-secrets/Chart.yaml @cc5bfbc2 (2026-08-08)' },
  'aws-for-fluent-bit': { repository: 'https://aws.github.io/eks-charts', chart: 'aws-for-fluent-bit', version: '0.2.0', confirmed: 'aws/eks-charts stable/aws-for-fluent-bit/Chart.yaml @2942cdc (2026-02-03)' },
  'kube-prometheus-stack': { repository: 'https://prometheus-community.github.io/helm-charts', chart: 'kube-prometheus-stack', version: '88.5.3', confirmed: 'prometheus-community/helm-charts charts/kube-prometheus-stack/Chart.yaml @ea930bae (2026-08-21)' },
  // CRDs of the operator kube-prometheus-stack 88.5.3 runs (appVersion v0.93.1 in both charts); bump the two together.
  'prometheus-operator-crds': { repository: 'https://prometheus-community.github.io/helm-charts', chart: 'prometheus-operator-crds', version: '31.0.1', confirmed: 'prometheus-community/helm-charts charts/prometheus-operator-crds/Chart.yaml @4529d7bb (2026-08-10), appVersion v0.93.1' },
  'prometheus-postgres-exporter': { repository: 'https://prometheus-community.github.io/helm-charts', chart: 'prometheus-postgres-exporter', version: '8.2.0', confirmed: 'prometheus-community/helm-charts @e759e9aa (2026-07-14)' },
  'prometheus-redis-exporter': { repository: 'https://prometheus-community.github.io/helm-charts', chart: 'prometheus-redis-exporter', version: '6.29.0', confirmed: 'prometheus-community/helm-charts @4cb96d5c (2026-08-09)' },
  'dcgm-exporter': { repository: 'https://nvidia.github.io/dcgm-exporter/helm-charts', chart: 'dcgm-exporter', version: '4.8.2', confirmed: 'NVIDIA/dcgm-exporter deployment/Chart.yaml @691c927 (2026-05-06)' },
} as const;
export type HelmChartName = keyof typeof HELM_CHARTS;

/** Charts kept in this repository (charts/), shipped inside each synthesized stack as a Terraform asset. */
export const LOCAL_CHARTS = { 'app-service': '1.1.0', 'secret-store': '1.0.0' } as const;


/**
 * PostgreSQL majors RDS offers in standard support, with its end (RDS user guide "Supported PostgreSQL major versions"
 * / release calendar, checked 2026-11). `engineVersion` is a major (`16`, minors auto-upgrade) or `major.minor`.
 */
export const POSTGRES_MAJOR_VERSIONS = {
  '15': { rdsStandardSupportEnds: '2028-02-28' },
  '16': { rdsStandardSupportEnds: '2029-02-28' },
  '17': { rdsStandardSupportEnds: '2030-02-28' },
} as const;

/**
 * ElastiCache engine versions per engine (ElastiCache user guide "Supported engines and versions", checked 2026-11).
 * Redis OSS stops at 7.1; 6.x is left out because the apps authenticate with IAM, which needs 7.0 or newer.
 */
export const CACHE_ENGINE_VERSIONS = {
  redis: ['7.0', '7.1'],
  valkey: ['7.2', '8.0', '8.1'],
} as const;
