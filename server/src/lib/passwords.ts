import { randomInt } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { AppError } from "../errors.ts";

/** argon2id (the library's default algorithm) with its default cost (m=19 MiB, t=2), OWASP's baseline. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// No look-alike characters (0/O, 1/l/I): the password is read off a terminal and typed once.
const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A one-time password: 16 characters, about 92 bits. */
export function generatePassword(): string {
  let out = "";
  for (let i = 0; i < 16; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** zxcvbn-ts's list of the most used passwords (MIT), lower-cased once. */
let common: Set<string> | undefined;

/**
 * Why a new password is refused, or undefined when it is acceptable: shorter than 12 characters, one of the
 * commonly used passwords (whatever the case), or the login or the person's name itself (whatever the case and
 * spacing).
 */
export function passwordProblem(
  password: string,
  person: { login: string; displayName: string },
): "TOO_SHORT" | "COMMON" | "PERSONAL" | undefined {
  if ([...password].length < 12) return "TOO_SHORT";
  common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  const folded = password.toLowerCase();
  if (common.has(folded)) return "COMMON";
  const bare = (t: string) => t.toLowerCase().replace(/[\s._-]+/g, "");
  if ([person.login, person.displayName].some((t) => bare(t) === bare(password))) return "PERSONAL";
  return undefined;
}

const WEAK_PASSWORD_MESSAGES = {
  TOO_SHORT: "Пароль має містити щонайменше 12 символів",
  COMMON: "Цей пароль надто поширений: оберіть інший",
  PERSONAL: "Пароль не може бути логіном чи ім'ям",
} as const;

/** Throws WEAK_PASSWORD saying why, for a password about to be set. */
export function assertStrongPassword(password: string, person: { login: string; displayName: string }): void {
  const problem = passwordProblem(password, person);
  if (problem) throw new AppError("WEAK_PASSWORD", WEAK_PASSWORD_MESSAGES[problem]);
}
