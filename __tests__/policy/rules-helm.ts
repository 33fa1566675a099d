/** Helm release pins (docs/policy-checks.md: Kubernetes objects). */
import { resourceRule, type PolicyRule } from './rule';

/**
 * One exact SemVer 2.0.0 version (the regular expression semver.org suggests), nothing else: no range (`^1.2.3`,
 * `~1.2`, `>=1.0.0`), no wildcard (`1.x`, `*`), no `latest`, no leading `v`. Helm resolves anything else against
 * the repository index at install time, so two applies of the same commit could install different charts.
 */
export const EXACT_SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export const isExactVersion = (version: unknown): boolean => typeof version === 'string' && EXACT_SEMVER.test(version);

export const helmRules: PolicyRule[] = [
  resourceRule('HELM_CHART_PINNED', 'every Helm release pins its chart to one exact SemVer version (no range, wildcard or latest)', ['helm_release'], (r) => {
    if (r.attrs.version === undefined) return 'version is unset: Helm installs the newest chart in the repository';
    return isExactVersion(r.attrs.version) ? undefined : `version "${r.attrs.version}" is not one exact SemVer version`;
  }),
];
