// The committed vectors are exactly what the generator makes from its seed: nobody edited them by hand (a
// formatter once pretty-printed the expected JSON, so it no longer matched the envelope), and a change to the
// PKI or wrap code that alters them shows up here.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(join(tmpdir(), "stiika-vectors-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it("test/vectors/project/ is what generate.ts writes from its seed, byte for byte", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(here, "generate.ts"), "--check", out], {
    cwd: here,
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const committed = readdirSync(join(here, "project")).sort();
  expect(readdirSync(out).sort()).toEqual(committed);
  expect(committed).toContain("vectors-metadata.p7s.p7e.b64");
  for (const name of committed)
    expect(readFileSync(join(out, name)).equals(readFileSync(join(here, "project", name))), name).toBe(true);
}, 120_000);
