/**
 * Regions this project may deploy to, with their availability-zone letters.
 * Kept as data so config validation and synth need no AWS API call (docs/decisions/0012-offline-deterministic-synth.md).
 * Source: AWS "Regions and Zones" documentation (docs.aws.amazon.com/global-infrastructure), checked 2026-11.
 */
export const AWS_REGION_ZONES: Readonly<Record<string, readonly string[]>> = {
  'eu-north-1': ['a', 'b', 'c'],
  'eu-west-1': ['a', 'b', 'c'],
  'eu-central-1': ['a', 'b', 'c'],
  'eu-west-3': ['a', 'b', 'c'],
  'us-east-1': ['a', 'b', 'c', 'd', 'e', 'f'],
  'us-west-2': ['a', 'b', 'c', 'd'],
};

/** The partition of a region (for ARNs built without a data source). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
