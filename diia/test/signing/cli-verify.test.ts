// `diia-envelope verify-signature`: what a manager (and the e2e) runs on a downloaded application PDF + .p7s.
// The signature is made by jkurwa with the IIT test key; the CLI runs under node itself (no pnpm on PATH needed).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../crypto/fixtures.ts";
import { gostHash, iitSigner, jkDetachedSignature } from "./jk-sign.ts";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "../..");
const dir = mkdtempSync(join(tmpdir(), "stiika-verify-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/diia-envelope.ts", ...args], {
    cwd: pkg,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, report: JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "null") };
};

describe("diia-envelope verify-signature", () => {
  const pdf = new TextEncoder().encode("%PDF-1.4\n% Заява, підписана в Дії\n%%EOF\n");
  const file = join(dir, "zayava.pdf");
  const p7s = join(dir, "zayava.p7s");
  const p7sBase64 = join(dir, "zayava.p7s.b64");
  const ca = join(FIXTURES, "CACertificates.Test.All.p7b");
  beforeAll(() => {
    const sig = jkDetachedSignature(iitSigner(), gostHash(pdf), new Date("2025-03-14T09:30:00Z"));
    writeFileSync(file, pdf);
    writeFileSync(p7s, sig);
    writeFileSync(p7sBase64, Buffer.from(sig).toString("base64"));
  });

  it("verifies the file and its .p7s (DER or base64) against the CA bundle and reports the signer", () => {
    for (const signature of [p7s, p7sBase64]) {
      const r = run("verify-signature", "--signature", signature, "--ca", ca, file);
      expect(r.status).toBe(0);
      expect(r.report).toMatchObject({
        ok: true,
        signer: { commonName: "Тестовий Користувач 1", rnokpp: null },
        issuer: { commonName: 'Тестовий ЦСК АТ "ІІТ"' },
        signingTime: "2025-03-14T09:30:00.000Z",
        fileHash: Buffer.from(gostHash(pdf)).toString("base64"),
      });
    }
  }, 120_000);

  it("refuses another file, an untrusted CA list; usage errors exit 2", () => {
    const other = join(dir, "other.pdf");
    writeFileSync(other, new TextEncoder().encode("%PDF-1.4\n% інша заява\n%%EOF\n"));
    expect(run("verify-signature", "--signature", p7s, "--ca", ca, other)).toMatchObject({
      status: 1,
      report: { ok: false, code: "HASH_MISMATCH" },
    });
    expect(
      run("verify-signature", "--signature", p7s, "--ca", join(FIXTURES, "DiiaKey1.cer"), file),
    ).toMatchObject({ status: 1, report: { ok: false, code: "UNTRUSTED_CHAIN" } });
    expect(run("verify-signature", "--signature", p7s, file).status).toBe(2);
    expect(run("verify-signature", "--signature", p7s, "--ca", ca, "--at", "yesterday", file).status).toBe(2);
    expect(run("verify-signature", "--signature", p7s, "--ca", ca, "--out", other, file).status).toBe(2);
    expect(run("verify-signature", "--signature", p7s, "--ca", ca, "--sign-algo", "RSA", file).status).toBe(
      2,
    );
    // The DSTU signature checked as an ECDSA one: the file is hashed with SHA-256, the signature's algorithm differs.
    expect(
      run("verify-signature", "--signature", p7s, "--ca", ca, "--sign-algo", "ECDSA", file),
    ).toMatchObject({
      status: 1,
      report: { ok: false, code: "MALFORMED" },
    });
  }, 120_000);
});
