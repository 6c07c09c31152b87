import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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
    expect(r.report).toMatchObject({ ok: true, bytes: 808, signingTime: "2024-10-24T10:22:56.000Z" });
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
  }, 60_000);
});
