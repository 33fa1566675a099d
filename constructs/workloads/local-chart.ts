/**
 * A chart kept in charts/, copied into the synthesized stack as a Terraform asset, so `cdktf deploy` and
 * Terraform Cloud runs (which upload only the stack directory) both have it.
 */
import { AssetType, TerraformAsset } from 'cdktf';
import type { Construct } from 'constructs';
import { join } from 'path';
import { LOCAL_CHARTS } from '../../environments/versions';
import { PROJECT_ROOT } from '../../lib/project-root';

export const CHARTS_DIR = join(PROJECT_ROOT, 'charts');

/** The chart's path as the helm provider sees it from the stack's working directory. */
export function localChart(scope: Construct, name: keyof typeof LOCAL_CHARTS): { path: string; version: string } {
  const asset = new TerraformAsset(scope, `chart-${name}`, { path: join(CHARTS_DIR, name), type: AssetType.DIRECTORY });
  return { path: `./${asset.path}`, version: LOCAL_CHARTS[name] };
}
