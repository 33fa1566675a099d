/** Every policy rule, in one list. Later layers add their own rule files here. */
import { dataRules } from './rules-data';
import { edgeRules } from './rules-edge';
import { eksRules } from './rules-eks';
import { iamRules } from './rules-iam';
import { kubernetesRules } from './rules-k8s';
import { kmsAndLogRules } from './rules-kms-logs';
import { networkRules } from './rules-network';
import { s3Rules } from './rules-s3';
import type { PolicyRule } from './rule';

export const POLICY_RULES: readonly PolicyRule[] = [...networkRules, ...kmsAndLogRules, ...s3Rules, ...iamRules, ...eksRules, ...kubernetesRules, ...dataRules, ...edgeRules];
