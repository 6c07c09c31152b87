// `npm start` runs the sandbox and the server side by side: the server process must listen at once, wait for the
// sandbox's token and PKI, then connect and register its branch and offers — through the real src/main.ts.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createSandbox } from "@stiika/sandbox";
import { expect, inject, it } from "vitest";
import { freePort, until } from "./stand.ts";

const SERVER_DIR = fileURLToPath(new URL("..", import.meta.url));

it("when started before the sandbox, the server says it waits, then connects and registers its offers", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "stiika-main-sbx-"));
  const sandboxPort = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: SERVER_DIR,
    env: {
      PATH: process.env.PATH ?? "",
      PORT: "0",
      HOST: "127.0.0.1",
      STIIKA_DATA_DIR: path.join(dir, "server"),
      STIIKA_KEY_DIR: path.join(dir, "keys"),
      STIIKA_WEB_DIST: dir,
      SANDBOX_DATA_DIR: path.join(dir, "sandbox"),
      DIIA_BASE_URL: `http://127.0.0.1:${sandboxPort}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise((r) => child.on("exit", r));
  let sandbox: Awaited<ReturnType<typeof createSandbox>> | undefined;
  try {
    await until(() => out.includes("Stiika is running at http://127.0.0.1:"), 30_000);
    expect(out).toMatch(/one-time password: \S+/);
    await until(() => out.includes("waiting for the Diia sandbox"), 10_000);
    // The sandbox comes up later, with the run's shared PKI in its data dir.
    mkdirSync(path.join(dir, "sandbox"));
    symlinkSync(inject("sandboxPkiDir"), path.join(dir, "sandbox", "pki"));
    sandbox = await createSandbox({
      port: sandboxPort,
      dataDir: path.join(dir, "sandbox"),
      pkiDir: path.join(dir, "sandbox", "pki"),
      log: () => {},
    });
    await until(() => out.includes("Diia connected; branch and offers registered"), 30_000);
    expect(sandbox.state.store.data.branches).toHaveLength(1);
    // The three services' offers and the branch's Дія.Підпис offer.
    expect(sandbox.state.store.data.offers).toHaveLength(4);
  } finally {
    child.kill("SIGTERM");
    await exited;
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
