#!/usr/bin/env bash
# Zone-level Authenticated Origin Pulls certificate (docs/decisions/0024-authenticated-origin-pulls.md).
#
#   CLOUDFLARE_API_TOKEN=<token with SSL and Certificates:Edit on the zone> scripts/origin-pull-cert.sh <zone id> [days]
#
# Makes a CA and a client certificate signed by it in a private temporary directory, uploads the client certificate
# and its key to the zone through Cloudflare's API, deletes both keys and prints the CA certificate. Paste that into
# environments/origin-pull-ca.ts (`certificate`, `example: false`, `issued`) and deploy: the origin load balancer's
# trust store then admits this zone's Cloudflare edge and nothing else. The private key never reaches Terraform, its
# state or the repository. Needs openssl, curl and jq.
set -euo pipefail

zone_id="${1:?usage: scripts/origin-pull-cert.sh <zone id> [validity in days, default 825]}"
days="${2:-825}"
: "${CLOUDFLARE_API_TOKEN:?set CLOUDFLARE_API_TOKEN (SSL and Certificates:Edit on the zone)}"
[[ "$zone_id" =~ ^[0-9a-f]{32}$ ]] || { echo "zone id must be 32 lower-case hex characters" >&2; exit 2; }

umask 077
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The CA signs exactly one thing; its key is deleted with the directory (a rotation makes a new CA).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "$((days + 30))" \
  -subj "/O=aifeedback/CN=origin-pull CA for zone ${zone_id}" \
  -addext 'basicConstraints=critical,CA:TRUE,pathlen:0' -addext 'keyUsage=critical,keyCertSign,cRLSign' \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/O=aifeedback/CN=cloudflare origin pull ${zone_id}" -keyout "$work/client.key" -out "$work/client.csr" 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' > "$work/client.ext"
openssl x509 -req -in "$work/client.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days "$days" \
  -extfile "$work/client.ext" -out "$work/client.pem" 2>/dev/null
openssl verify -CAfile "$work/ca.pem" "$work/client.pem" >/dev/null

# The body goes through a file, not the command line (no key in the process list).
jq -n --rawfile certificate "$work/client.pem" --rawfile private_key "$work/client.key" \
  '{certificate: $certificate, private_key: $private_key}' > "$work/body.json"
response="$(curl -sS -X POST "https://api.cloudflare.com/client/v4/zones/${zone_id}/origin_tls_client_auth" \
  -H "Authorization: Bearer ${CLOUDFLARE_API_TOKEN}" -H 'Content-Type: application/json' --data @"$work/body.json")"
if [[ "$(jq -r '.success' <<<"$response")" != "true" ]]; then
  echo "Cloudflare refused the upload:" >&2
  jq '.errors' <<<"$response" >&2
  exit 1
fi
echo "Uploaded client certificate $(jq -r '.result.id' <<<"$response") (status $(jq -r '.result.status' <<<"$response"))." >&2
echo "Keep one active certificate: delete the previous one once this one is active (SSL/TLS > Origin Server)." >&2
echo "CA certificate for environments/origin-pull-ca.ts (issued $(date -u +%F)):" >&2
cat "$work/ca.pem"
