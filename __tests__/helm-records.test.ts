/**
 * The one-off copy of Helm's release records from Secrets to ConfigMaps: a record made the way Helm's Secret driver
 * stores it comes out the way its ConfigMap driver reads it (same name, namespace, labels; the encoded release).
 */
import { gzipSync, gunzipSync } from 'zlib';
import { configMapRecords, copiedRecords } from '../scripts/helm-records-to-configmaps';

/** Helm's encoding of a release: base64 of gzipped JSON (storage/driver/util.go encodeRelease). */
const encodedRelease = (release: object) => gzipSync(JSON.stringify(release)).toString('base64');
const labels = { name: 'api-gateway', owner: 'helm', status: 'deployed', version: '3' };
const release = { name: 'api-gateway', namespace: 'aifeedback', version: 3, info: { status: 'deployed' } };
/** What `kubectl get secret -o json` shows: Secret data is base64 of the stored bytes. */
const secret = {
  kind: 'Secret', type: 'helm.sh/release.v1',
  metadata: { name: 'sh.helm.release.v1.api-gateway.v3', namespace: 'aifeedback', labels },
  data: { release: Buffer.from(encodedRelease(release)).toString('base64') },
};

test('a Secret record becomes the ConfigMap record Helm reads, release intact', () => {
  const [configMap] = configMapRecords({ items: [secret] });
  expect(configMap).toMatchObject({ kind: 'ConfigMap', metadata: { name: secret.metadata.name, namespace: 'aifeedback', labels } });
  expect(JSON.parse(gunzipSync(Buffer.from(configMap.data.release, 'base64')).toString())).toEqual(release);
});

test('only Helm release records are copied', () => {
  const other = { ...secret, type: 'Opaque', metadata: { ...secret.metadata, name: 'app-secrets', labels: { owner: 'helm' } } };
  const notHelm = { ...secret, metadata: { ...secret.metadata, labels: { owner: 'someone' } } };
  expect(configMapRecords({ items: [secret, other, notHelm] }).map((c) => c.metadata.name)).toEqual([secret.metadata.name]);
});

test('only Secret records with an identical ConfigMap copy are deleted', () => {
  const records = configMapRecords({ items: [secret, { ...secret, metadata: { ...secret.metadata, name: 'sh.helm.release.v1.api-gateway.v2' } }] });
  const copies = { items: [records[0], { ...records[1], data: { release: 'something else' } }] };
  expect(copiedRecords(records, copies)).toEqual([{ namespace: 'aifeedback', name: secret.metadata.name }]);
});
