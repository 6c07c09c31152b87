import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { MATERIALS } from "./material.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "diia/src/cli/diia-envelope.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, report: JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "null") };
};
describe.each(MATERIALS)("$name: diia-envelope CLI", (m) => {
  const f = m.files;
  const out = mkdtempSync(join(tmpdir(), "stiika-cli-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  it("unwraps the recorded envelope, writes the content and reports the signer", () => {
    const target = join(out, "content.json");
    const kep = f.kepCert;
    const r = run(
      "unwrap",
      "--key",
      f.key,
      "--password",
      f.password,
      "--cert",
      kep,
      "--out",
      target,
      f.envelope,
    );
    expect(r.status).toBe(0);
    expect(r.report).toMatchObject({
      ok: true,
      pinned: false,
      bytes: m.envelope.expected.length,
      signingTime: m.envelope.signingTime,
    });
    expect(r.report.signer.keyId).toBe(m.envelope.signerKeyId);
    expect(typeof r.report.ms).toBe("number");
    expect(readFileSync(target).equals(Buffer.from(m.envelope.expected))).toBe(true);
  }, 60_000);

  it("pins with --trust and fails with a JSON line and a non-zero status", () => {
    const pinned = run(
      "unwrap",
      "--key",
      f.key,
      "--password",
      f.password,
      "--trust",
      f.otherSigner,
      "--out",
      join(out, "x"),
      f.envelope,
    );
    expect(pinned).toEqual({
      status: 1,
      report: { ok: false, code: "UNTRUSTED_SIGNER", message: expect.any(String) },
    });
    const badPw = run("unwrap", "--key", f.key, "--password", "nope", "--out", join(out, "y"), f.envelope);
    expect(badPw.status).toBe(1);
    expect(badPw.report.code).toBe("BAD_PASSWORD");
    expect(run("unwrap").report.code).toBe("USAGE");
    const ok = run(
      "unwrap",
      "--key",
      f.key,
      "--password",
      f.password,
      "--trust",
      f.signer,
      "--out",
      join(out, "pinned.json"),
      f.envelope,
    );
    expect(ok.status).toBe(0);
    expect(ok.report).toMatchObject({ ok: true, pinned: true, bytes: m.envelope.expected.length });
  }, 60_000);

  const unwrapTo = (target: string, ...extra: string[]) =>
    run("unwrap", "--key", f.key, "--password", f.password, ...extra, "--out", target, f.envelope);

  it("refuses --out naming an input (also through a link) and leaves the input untouched", () => {
    const copy = join(out, "envelope.p7e");
    copyFileSync(f.envelope, copy);
    const link = join(out, "link.p7e");
    symlinkSync(copy, link);
    for (const target of [copy, link]) {
      const r = run("unwrap", "--key", f.key, "--password", f.password, "--out", target, copy);
      expect(r.status).toBe(2);
      expect(r.report).toMatchObject({ ok: false, code: "USAGE" });
      expect(r.report.message).toContain("input");
    }
    const keyAsOut = unwrapTo(f.key);
    expect(keyAsOut).toMatchObject({ status: 2, report: { code: "USAGE" } });
    expect(readFileSync(copy).equals(readFileSync(f.envelope))).toBe(true);
  }, 60_000);

  it("a bad output path is a FILE error with the reason, not INTERNAL", () => {
    for (const [target, reason] of [
      [join(out, "no-such-dir", "x.json"), "ENOENT"],
      [out, "EISDIR"],
    ] as const) {
      const r = unwrapTo(target);
      expect(r.status).toBe(1);
      expect(r.report).toMatchObject({ ok: false, code: "FILE" });
      expect(r.report.message).toContain(reason);
    }
  }, 60_000);

  it("every input has a size limit (a device that never ends included)", () => {
    const big = join(out, "big.cer");
    writeFileSync(big, Buffer.alloc(64 * 1024 + 1, 0x30));
    for (const file of [big, "/dev/zero"]) {
      const r = unwrapTo(join(out, "z.json"), "--cert", file);
      expect(r.status).toBe(1);
      expect(r.report).toMatchObject({ ok: false, code: "FILE" });
      expect(r.report.message).toContain("larger than 65536 bytes");
    }
    const r = run("unwrap", "--key", "/dev/zero", "--password", "x", "--out", join(out, "z.json"), big);
    expect(r.report).toMatchObject({ ok: false, code: "FILE", message: expect.stringContaining("1048576") });
    const missing = unwrapTo(join(out, "z.json"), "--trust", join(out, "missing.cer"));
    expect(missing.report).toMatchObject({
      ok: false,
      code: "FILE",
      message: expect.stringContaining("ENOENT"),
    });
  }, 60_000);
});
