/** The default StorageClass: encrypted gp3 through the EBS CSI driver, volumes retained by default. */
import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { Construct } from 'constructs';
import { BACKUP_VOLUME_TAG } from '../data/backup';

export interface EncryptedStorageClassProps {
  /** @default 'gp3-encrypted' */
  readonly name?: string;
  /** KMS key for the volumes (the EBS CSI driver's role may use it). */
  readonly kmsKeyArn: string;
  /** `Retain` keeps a volume when its claim is deleted (nothing lost by accident). @default 'Retain' */
  readonly reclaimPolicy?: 'Retain' | 'Delete';
  /** Tags on every volume (EBS CSI `tagSpecification_N`). `Backup=true` is always set: volumes hold state. @default {} */
  readonly volumeTags?: Readonly<Record<string, string>>;
}

/** EBS CSI StorageClass parameters `tagSpecification_1..n` ("key=value"). */
export function tagParameters(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([key, value], index) => [`tagSpecification_${index + 1}`, `${key}=${value}`]));
}

export class EncryptedStorageClass extends Construct {
  public readonly name: string;
  public readonly storageClass: StorageClassV1;

  constructor(scope: Construct, id: string, props: EncryptedStorageClassProps) {
    super(scope, id);
    this.name = props.name ?? 'gp3-encrypted';
    const tags = { ...props.volumeTags, [BACKUP_VOLUME_TAG.key]: BACKUP_VOLUME_TAG.value };
    this.storageClass = new StorageClassV1(this, 'class', {
      metadata: { name: this.name, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      storageProvisioner: 'ebs.csi.aws.com',
      reclaimPolicy: props.reclaimPolicy ?? 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer', // the volume is created in the zone the pod lands in
      allowVolumeExpansion: true,
      // Provider default tags never reach volumes the CSI driver creates: tag them here, so the AWS Backup selection
      // (`Backup=true`) picks them up, and so cost reports see their environment.
      parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: props.kmsKeyArn, fsType: 'ext4', ...tagParameters(tags) },
    });
  }
}
