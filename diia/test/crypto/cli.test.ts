import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, hasFixtures } from "./fixtures.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const out = mkdtempSync(join(tmpdir(), "stiika-cli-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const run = (...args: string[]) => {
  const r = spawnSync("pnpm", ["--silent", "diia-envelope", ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, report: JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "null") };
};
const f = (name: string) => join(FIXTURES, name);

describe.skipIf(!hasFixtures)("diia-envelope CLI", () => {
  it("unwraps the fixture, writes the content and reports the signer", () => {
    const target = join(out, "content.json");
    const kep = f("EU-KEP-5B63D88375D9201804000000E0BA0500B5810D00.cer");
    const r = run(
      "unwrap",
      "--key",
      f("Key-6.dat"),
      "--password",
      "12345677",
      "--cert",
      kep,
      "--out",
      target,
      f("encodedData.json.p7s.p7e"),
    );
    expect(r.status).toBe(0);
    expect(r.report).toMatchObject({
      ok: true,
      pinned: false,
      bytes: 808,
      signingTime: "2024-10-24T10:22:56.000Z",
    });
    expect(r.report.signer.keyId).toBe("6c1ae74656b3ae83d5f346455f442cfb38262fd6b0eaa30b1f06eaa3372400e6");
    expect(typeof r.report.ms).toBe("number");
    expect(readFileSync(target).equals(readFileSync(f("encodedData.expected.json")))).toBe(true);
  }, 60_000);

  it("pins with --trust and fails with a JSON line and a non-zero status", () => {
    const pinned = run(
      "unwrap",
      "--key",
      f("Key-6.dat"),
      "--password",
      "12345677",
      "--trust",
      f("DiiaKey1.cer"),
      "--out",
      join(out, "x"),
      f("encodedData.json.p7s.p7e"),
    );
    expect(pinned).toEqual({
      status: 1,
      report: { ok: false, code: "UNTRUSTED_SIGNER", message: expect.any(String) },
    });
    const badPw = run(
      "unwrap",
      "--key",
      f("Key-6.dat"),
      "--password",
      "nope",
      "--out",
      join(out, "y"),
      f("encodedData.json.p7s.p7e"),
    );
    expect(badPw.status).toBe(1);
    expect(badPw.report.code).toBe("BAD_PASSWORD");
    expect(run("unwrap").report.code).toBe("USAGE");
    const ok = run(
      "unwrap",
      "--key",
      f("Key-6.dat"),
      "--password",
      "12345677",
      "--trust",
      f("EU-5B63D88375D9201804000000E0BA0500B4810D00.cer"),
      "--out",
      join(out, "pinned.json"),
      f("encodedData.json.p7s.p7e"),
    );
    expect(ok.status).toBe(0);
    expect(ok.report).toMatchObject({ ok: true, pinned: true, bytes: 808 });
  }, 60_000);

  const unwrapTo = (target: string, ...extra: string[]) =>
    run(
      "unwrap",
      "--key",
      f("Key-6.dat"),
      "--password",
      "12345677",
      ...extra,
      "--out",
      target,
      f("encodedData.json.p7s.p7e"),
    );

  it("refuses --out naming an input (also through a link) and leaves the input untouched", () => {
    const copy = join(out, "envelope.p7e");
    copyFileSync(f("encodedData.json.p7s.p7e"), copy);
    const link = join(out, "link.p7e");
    symlinkSync(copy, link);
    for (const target of [copy, link]) {
      const r = run("unwrap", "--key", f("Key-6.dat"), "--password", "12345677", "--out", target, copy);
      expect(r.status).toBe(2);
      expect(r.report).toMatchObject({ ok: false, code: "USAGE" });
      expect(r.report.message).toContain("input");
    }
    const keyAsOut = unwrapTo(f("Key-6.dat"));
    expect(keyAsOut).toMatchObject({ status: 2, report: { code: "USAGE" } });
    expect(readFileSync(copy).equals(readFileSync(f("encodedData.json.p7s.p7e")))).toBe(true);
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
