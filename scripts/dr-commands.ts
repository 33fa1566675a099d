/**
 * `npm run dr:commands -- <recovery-env>`: prints the fail-over commands of docs/disaster-recovery.md in
 * order, filled in from config (regions, names, secrets), ready to paste. Prints only; runs nothing.
 */
import type { EnvironmentConfig } from '../environments/schema/environment';
import { loadConfigOrExit } from './load-config';

/** The numbered fail-over steps for `recovery` (a recovery environment) of `recovered`. */
export function failoverCommands(recovery: EnvironmentConfig, recovered: EnvironmentConfig): string[] {
  const region = recovery.aws.region;
  const selector = `export RECOVERY_ENVIRONMENTS=${recovery.name}`;
  const db = recovery.recovery?.database;
  const from = (name: string) => `${recovered.project}/${recovered.name}/${name}`;
  const to = (name: string) => `${recovery.project}/${recovery.name}/${name}`;
  const copied = recovery.data.secrets.filter((n) => n !== 'DATABASE_URL');
  return [
    `# Fail-over of ${recovered.name} to ${recovery.name} (${region}); docs/disaster-recovery.md explains each step.`,
    selector,
    '# 1. How recent the database copy is (compare with the time the primary failed)',
    db?.from === 'replicated-backups'
      ? `aws rds describe-db-instance-automated-backups --region ${region} --db-instance-automated-backups-arn ${db.automatedBackupsArn} --query 'DBInstanceAutomatedBackups[0].RestoreWindow'`
      : `aws rds describe-db-snapshots --region ${region} --db-snapshot-identifier ${db?.snapshotArn ?? '<snapshot arn>'} --query 'DBSnapshots[0].SnapshotCreateTime'`,
    '# 2. Validate and synthesize',
    'npm run synth',
    '# 3. Network, cluster and general node group, restored database, empty Redis, secrets holders, origin zone',
    `npx cdktf deploy ${recovery.name} --auto-approve`,
    `# 4. Secret values from ${recovered.name}'s replicas in ${region} (DATABASE_URL follows in step 5)`,
    ...copied.map((n) => `aws secretsmanager put-secret-value --region ${region} --secret-id ${to(n)} --secret-string "$(aws secretsmanager get-secret-value --region ${region} --secret-id ${from(n)} --query SecretString --output text)"`),
    '# 5. DATABASE_URL with the new database host (output postgres_proxy_endpoint)',
    `npx cdktf output ${recovery.name}`,
    `aws secretsmanager put-secret-value --region ${region} --secret-id ${to('DATABASE_URL')} --secret-string "<the URL of ${from('DATABASE_URL')} with the new host>"`,
    '# 6. Add-ons, monitoring and app services; then the GPU node groups and GPU services',
    // The glob: cdktf refuses a dependent stack without the stacks it depends on (the infra stack shows no changes).
    `npx cdktf deploy '${recovery.name}*' --auto-approve`,
    '# 7. The services are up',
    `aws eks update-kubeconfig --region ${region} --name ${recovery.project}-${recovery.name}`,
    `kubectl -n ${recovery.workloads.namespace} get deployments,statefulsets`,
    `# 8. Release ${recovered.name}'s public names in Cloudflare (dry run first, then --apply)`,
    `npm run dr:release-names -- ${recovery.name}`,
    `npm run dr:release-names -- ${recovery.name} --apply`,
    `# 9. Set recovery.publicNames to 'serving' in environments/${recovery.name}.ts, then`,
    `npx cdktf deploy ${recovery.name} --auto-approve`,
  ];
}

function main(argv: readonly string[]): number {
  const [name] = argv;
  if (!name) {
    console.error('usage: npm run dr:commands -- <recovery-environment>');
    return 2;
  }
  const envs = loadConfigOrExit({ ...process.env, RECOVERY_ENVIRONMENTS: name });
  const recovery = envs[name];
  if (!recovery?.recovery) {
    console.error(`"${name}" is not a recovery environment`);
    return 2;
  }
  console.log(failoverCommands(recovery, envs[recovery.recovery.of]).join('\n'));
  return 0;
}

if (process.argv[1]?.endsWith('dr-commands.ts')) process.exitCode = main(process.argv.slice(2));
