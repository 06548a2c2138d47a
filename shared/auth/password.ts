// Password hashing with Argon2id (memory-hard). The PHC string keeps algorithm and parameters
// beside the hash, so parameters can be raised later and old hashes still verify.
import { randomInt } from 'node:crypto';
import argon2 from 'argon2';

// OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

// The demo town's passwords are published («Demo-<номер>»), so hashing its 500 users at full cost
// (some 15 s of a 2-core machine's first start) protects nothing. They get Argon2id at 1 MiB and
// one pass, about a millisecond each; the first sign-in redoes the hash at full cost (needsRehash),
// as it would after raising HASH_OPTIONS. Only db/seeds calls this.
const DEMO_HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 } as const;

/** A demo user's published password, hashed cheaply; never for a password a person chose or was issued. */
export function hashDemoPassword(password: string): Promise<string> {
  return argon2.hash(password, DEMO_HASH_OPTIONS);
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

// Small Latin letters only, none that looks like a digit (l, o): a phone types them without
// switching case or keyboards, and they are read aloud one by one without «большая или маленькая?».
export const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyz';
const GROUPS = 5;
const GROUP_LENGTH = 4;

/**
 * A generated password as groups of four letters joined by hyphens, «kxtm-rbwq-pzfh-nvcd-gjsy»:
 * 20 letters of 24, log2(24^20) ≈ 91.7 bits — as strong as the 16 mixed-case characters it
 * replaces (≈ 90), and far easier to read out over the phone and to type.
 */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** Bits of entropy in a generated password (for the test and the docs). */
export const GENERATED_PASSWORD_BITS = GROUPS * GROUP_LENGTH * Math.log2(PASSWORD_ALPHABET.length);

export const PASSWORD_MIN_LENGTH = 8;
