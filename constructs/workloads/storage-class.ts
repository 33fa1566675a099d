/** The default StorageClass: encrypted gp3 through the EBS CSI driver, volumes retained by default. */
import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { Construct } from 'constructs';

export interface EncryptedStorageClassProps {
  /** @default 'gp3-encrypted' */
  readonly name?: string;
  /** KMS key for the volumes (the EBS CSI driver's role may use it). */
  readonly kmsKeyArn: string;
  /** `Retain` keeps a volume when its claim is deleted (nothing lost by accident). @default 'Retain' */
  readonly reclaimPolicy?: 'Retain' | 'Delete';
}

export class EncryptedStorageClass extends Construct {
  public readonly name: string;
  public readonly storageClass: StorageClassV1;

  constructor(scope: Construct, id: string, props: EncryptedStorageClassProps) {
    super(scope, id);
    this.name = props.name ?? 'gp3-encrypted';
    this.storageClass = new StorageClassV1(this, 'class', {
      metadata: { name: this.name, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      storageProvisioner: 'ebs.csi.aws.com',
      reclaimPolicy: props.reclaimPolicy ?? 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer', // the volume is created in the zone the pod lands in
      allowVolumeExpansion: true,
      parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: props.kmsKeyArn, fsType: 'ext4' },
    });
  }
}
