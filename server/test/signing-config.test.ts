// Where the qualified CAs for Дія.Підпис come from: the sandbox's citizen-ca.cer and citizen-ca-ecdsa.cer in
// sandbox mode (read when the sandbox's files are complete), DIIA_SIGNING_CA_FILES otherwise — a real bundle such as IIT's
// CACertificates.Test.All.p7b (744 certificates) — and an unreadable bundle is a configuration error by name.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { afterAll, expect, inject, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { connectDiia } from "../src/diia/connect.ts";
import { CitizenPki } from "./signing-helpers.ts";

const IIT = fileURLToPath(new URL("../../../shared/fixtures/diia-iit-test/", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "stiika-signing-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = pino({ level: "silent" });

/** A sandbox folder as the sandbox leaves it: state.json and the PKI, with or without its citizen CAs. */
function sandboxFolder(name: string, citizenCa?: { dstu: Uint8Array; ecdsa: Uint8Array }): string {
  const root = path.join(dir, name);
  mkdirSync(root, { recursive: true });
  cpSync(inject("sandboxPkiDir"), path.join(root, "pki"), { recursive: true });
  for (const f of ["citizen-ca.cer", "citizen-ca-ecdsa.cer"])
    rmSync(path.join(root, "pki", f), { force: true });
  if (citizenCa) {
    writeFileSync(path.join(root, "pki", "citizen-ca.cer"), citizenCa.dstu);
    writeFileSync(path.join(root, "pki", "citizen-ca-ecdsa.cer"), citizenCa.ecdsa);
  }
  writeFileSync(path.join(root, "state.json"), JSON.stringify({ acquirerToken: "sandbox-token" }));
  return root;
}

it("sandbox mode trusts the sandbox's two citizen CAs; without them signing is off", async () => {
  const pki = await new CitizenPki(() => new Date()).start();
  // Any CA certificate stands in for the P-256 one here: what is tested is that both files are read.
  const ecdsa = await new CitizenPki(() => new Date()).start();
  try {
    const withCa = sandboxFolder("with", { dstu: pki.ca.cert.der, ecdsa: ecdsa.ca.cert.der });
    const link = await connectDiia(
      loadConfig({ SANDBOX_DATA_DIR: withCa }),
      log,
      new AbortController().signal,
    );
    expect(link.source).toBe("sandbox");
    expect(link.signingCAs.map((c) => c.serial)).toEqual([pki.ca.cert.serial, ecdsa.ca.cert.serial]);
    const without = sandboxFolder("without");
    const off = await connectDiia(
      loadConfig({ SANDBOX_DATA_DIR: without }),
      log,
      new AbortController().signal,
    );
    expect(off.signingCAs).toEqual([]);
  } finally {
    await pki.close();
    await ecdsa.close();
  }
});

// Without ../shared this fails (the bundle is missing): it never skips.
it("DIIA_SIGNING_CA_FILES: IIT's p7b bundle is read once, its CA certificates kept", async () => {
  const folder = sandboxFolder("iit");
  const link = await connectDiia(
    loadConfig({
      SANDBOX_DATA_DIR: folder,
      DIIA_SIGNING_CA_FILES: path.join(IIT, "CACertificates.Test.All.p7b"),
    }),
    log,
    new AbortController().signal,
  );
  expect(link.signingCAs.length).toBeGreaterThan(100);
  expect(link.signingCAs.every((c) => c.isCA)).toBe(true);
}, 60_000);

it("an unreadable bundle is a configuration error naming the file; a missing one is refused at start", async () => {
  const bad = path.join(dir, "bad.p7b");
  writeFileSync(bad, "not a certificate");
  const folder = sandboxFolder("bad");
  await expect(
    connectDiia(
      loadConfig({ SANDBOX_DATA_DIR: folder, DIIA_SIGNING_CA_FILES: bad }),
      log,
      new AbortController().signal,
    ),
  ).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining("bad.p7b") });
  expect(() => loadConfig({ DIIA_SIGNING_CA_FILES: path.join(dir, "nope.p7b") })).toThrow(
    /DIIA_SIGNING_CA_FILES/,
  );
});
