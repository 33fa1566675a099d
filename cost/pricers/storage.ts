/** S3 bucket storage (GB assumed per bucket) and CloudFront delivery (GB and requests assumed per distribution). */
import type { Pricer } from './pricer';

export const storagePricer: Pricer = {
  types: ['aws_s3_bucket', 'aws_cloudfront_distribution'],
  price(ctx) {
    for (const bucket of ctx.resources('aws_s3_bucket')) {
      const name = String(bucket.attrs.bucket ?? bucket.attrs.bucket_prefix ?? bucket.name);
      const gb = byName(ctx.assumptions.s3StorageGb, name);
      const price = ctx.regional(bucket.region, 's3StandardGbMonth', bucket.address);
      if (price) ctx.add('S3', price, gb, `${name}: ${gb} GB (assumed s3StorageGb)`);
    }
    for (const distribution of ctx.resources('aws_cloudfront_distribution')) {
      const { cloudfrontDataGb, cloudfrontRequestsMillions } = ctx.assumptions;
      const data = ctx.global('cloudfrontEuropeGb', `${distribution.address} data`);
      const requests = ctx.global('cloudfrontHttps10k', `${distribution.address} requests`);
      const comment = distribution.attrs.comment ?? distribution.name;
      if (data) ctx.add('CloudFront', data, cloudfrontDataGb, `${comment}: ${cloudfrontDataGb} GB (assumed cloudfrontDataGb)`);
      if (requests) ctx.add('CloudFront', requests, cloudfrontRequestsMillions * 100, `${comment}: ${cloudfrontRequestsMillions} M requests (assumed)`);
    }
  },
};

/** The value whose key `name` ends with (longest key wins), else the `*` fallback, else 0. */
export function byName(table: Readonly<Record<string, number>>, name: string): number {
  const key = Object.keys(table).filter((k) => k !== '*' && name.endsWith(k)).sort((a, b) => b.length - a.length)[0];
  return table[key ?? '*'] ?? 0;
}
