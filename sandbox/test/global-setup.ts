// Generates one sandbox PKI for the whole run (DSTU key files take seconds to write and read in pure JS).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ensureSandboxPki } from "../src/delivery/sandbox-pki.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pkiDir: string;
  }
}

export default async function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), "stiika-sandbox-pki-"));
  const pkiDir = join(root, "pki");
  // The certificates name the default sandbox address; tests that follow those URLs make a PKI of their own.
  await ensureSandboxPki(pkiDir, () => {}, "http://127.0.0.1:8790");
  project.provide("pkiDir", pkiDir);
  return () => rmSync(root, { recursive: true, force: true });
}
