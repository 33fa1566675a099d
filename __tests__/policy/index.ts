/** Every policy rule, in one list. Later layers add their own rule files here. */
import { cloudflareRules } from './rules-cloudflare';
import { dataRules } from './rules-data';
import { drRules } from './rules-dr';
import { edgeRules } from './rules-edge';
import { eksRules } from './rules-eks';
import { gpuRules } from './rules-gpu';
import { helmRules } from './rules-helm';
import { iamRules } from './rules-iam';
import { kubernetesRules } from './rules-k8s';
import { kmsAndLogRules } from './rules-kms-logs';
import { listenerRules } from './rules-listeners';
import { networkRules } from './rules-network';
import { s3Rules } from './rules-s3';
import { serviceAccountTokenRules } from './rules-service-account-tokens';
import type { PolicyRule } from './rule';

export const POLICY_RULES: readonly PolicyRule[] = [...networkRules, ...kmsAndLogRules, ...s3Rules, ...iamRules, ...eksRules, ...kubernetesRules, ...dataRules, ...edgeRules,
  ...helmRules, ...listenerRules, ...serviceAccountTokenRules, ...cloudflareRules, ...gpuRules, ...drRules];
