/**
 * Secrets Manager holders for the applications' secrets. Terraform creates only the holder (name, KMS key,
 * recovery window): values are set out of band, so no secret value is ever in the configuration or the state.
 */
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Construct } from 'constructs';

export interface AppSecretsProps {
  /** Name prefix, e.g. `aifeedback/production`; a secret is `<prefix>/<NAME>`. */
  readonly pathPrefix: string;
  /** Secret names (UPPER_SNAKE_CASE, as the apps read them). */
  readonly names: readonly string[];
  /** Customer-managed key (CKV_AWS_149: never the `aws/secretsmanager` default key). */
  readonly kmsKeyArn: string;
  /** Days a deleted secret can be restored. @default 30 */
  readonly recoveryWindowInDays?: number;
  /** A replica of every secret in another region (same name, that region's key): the recovery environment reads it. @default none */
  readonly replica?: { readonly region: string; readonly kmsKeyArn: string };
}

export class AppSecrets extends Construct {
  /** Secret name (as the apps read it) → Secrets Manager name. */
  public readonly secretNames: Readonly<Record<string, string>>;
  /** Secret name → ARN. */
  public readonly secretArns: Readonly<Record<string, string>>;
  public readonly secrets: Readonly<Record<string, SecretsmanagerSecret>>;

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    const recoveryWindowInDays = props.recoveryWindowInDays ?? 30;
    if (recoveryWindowInDays < 7 || recoveryWindowInDays > 30) {
      throw new Error(`AppSecrets ${props.pathPrefix}: recoveryWindowInDays must be 7-30, got ${recoveryWindowInDays}`);
    }
    const duplicate = props.names.find((n, i) => props.names.indexOf(n) !== i);
    if (duplicate) throw new Error(`AppSecrets ${props.pathPrefix}: names lists ${duplicate} twice`);

    const secrets: Record<string, SecretsmanagerSecret> = {};
    for (const name of props.names) {
      secrets[name] = new SecretsmanagerSecret(this, name, {
        name: `${props.pathPrefix}/${name}`,
        description: `${name} for the applications; value set outside Terraform`,
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays,
        ...(props.replica ? { replica: [{ region: props.replica.region, kmsKeyId: props.replica.kmsKeyArn }] } : {}),
      });
    }
    this.secrets = secrets;
    this.secretNames = Object.fromEntries(Object.entries(secrets).map(([n, s]) => [n, s.name]));
    this.secretArns = Object.fromEntries(Object.entries(secrets).map(([n, s]) => [n, s.arn]));
  }
}
