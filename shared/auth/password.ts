// Password hashing with Argon2id (memory-hard). The PHC string keeps algorithm and parameters
// beside the hash, so parameters can be raised later and old hashes still verify.
import { randomInt } from 'node:crypto';
import argon2 from 'argon2';

// OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** True when a hash was made with weaker parameters than today's and should be redone at login. */
export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, HASH_OPTIONS);
}

// No look-alikes: no 0/O/o, 1/l/I, 5/S, 2/Z, 8/B.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679';

/** A generated password: long enough (≈ 90 bits at 16 characters) and easy to retype. */
export function generatePassword(length = 16): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export const PASSWORD_MIN_LENGTH = 8;
