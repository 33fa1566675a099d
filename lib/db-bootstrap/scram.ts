/**
 * SCRAM-SHA-256 password verifiers as PostgreSQL stores them (RFC 5802/7677, the format `psql \password` sends).
 * The bootstrap sets passwords as verifiers, so the plain password never reaches the server, its statement log
 * (`log_statement = mod` logs ALTER ROLE) or the psql command line.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'crypto';

/** PostgreSQL's default `scram_iterations`. */
const ITERATIONS = 4096;

export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16), iterations = ITERATIONS): string {
  if (password.length === 0) throw new Error('an empty password cannot be set');
  // PostgreSQL runs the password through SASLprep first, which leaves printable ASCII unchanged. Generated secrets
  // are ASCII; anything else is refused rather than risk a verifier that differs from the server's own.
  if (!/^[ -~]+$/.test(password)) throw new Error('the password must be printable ASCII (SASLprep is not implemented here)');
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
