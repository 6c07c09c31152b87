/**
 * The README's main command as a newcomer runs it: on a clean copy of the committed tree (no build outputs, no
 * `.data/`, no node_modules), `npm start` with no pnpm on PATH, on free ports. The app must serve the PWA, be ready,
 * the sandbox's citizen phone must answer and the server must report Diia connected; SIGINT must then stop
 * everything with exit status 0, no pnpm failure noise, and both ports free again.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { freePort } from "../lib/stack.ts";

const REPO = path.resolve(import.meta.dirname, "../..");
const START_TIMEOUT_MS = 8 * 60_000;

/** PATH as the caller has it, less every folder that holds a `pnpm` (a global install, corepack's shim). */
function pathWithoutPnpm(): string {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => {
      if (!dir || dir.includes("node_modules")) return false;
      try {
        accessSync(path.join(dir, "pnpm"), constants.X_OK);
        return false;
      } catch {
        return true;
      }
    })
    .join(path.delimiter);
}

/** The committed tree (HEAD), as `git clone` would give it, without what the working directory built. */
function cleanCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "stiika-start-"));
  execFileSync("bash", ["-c", `git -C "$1" archive HEAD | tar -x -C "$2"`, "_", REPO, dir]);
  return dir;
}

async function answers(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return undefined;
  }
}

async function portIsFree(port: number): Promise<boolean> {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "0.0.0.0", () => srv.close(() => resolve(true)));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

let dir: string | undefined;
let child: ChildProcess | undefined;
afterAll(async () => {
  if (child && child.exitCode === null && child.pid) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  }
  // The copy holds a whole install: removing it takes a while on this machine.
  if (dir) await rm(dir, { recursive: true, force: true });
}, 120_000);

test(
  "npm start on a clean copy without pnpm brings up the app and the sandbox, and SIGINT stops both cleanly",
  async () => {
    dir = cleanCopy();
    const [port, sandboxPort] = [await freePort(), await freePort()];
    let output = "";
    // A newcomer's shell: no pnpm, no npm_* / pnpm variables from the runner that started this test.
    child = spawn("npm", ["start"], {
      cwd: dir,
      detached: true, // its own process group, so the cleanup can reach every descendant
      env: {
        PATH: pathWithoutPnpm(),
        HOME: process.env.HOME ?? tmpdir(),
        // The generated data key goes to $XDG_CONFIG_HOME/stiika: the copy's own, not the user's.
        XDG_CONFIG_HOME: path.join(dir, ".config"),
        LANG: "C.UTF-8",
        PORT: String(port),
        SANDBOX_PORT: String(sandboxPort),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (b: Buffer) => {
      output += b.toString();
    });
    child.stderr?.on("data", (b: Buffer) => {
      output += b.toString();
    });

    const server = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + START_TIMEOUT_MS;
    const checks = {
      pwa: async () => (await answers(`${server}/`)) === 200,
      ready: async () => (await answers(`${server}/readyz`)) === 200,
      phone: async () => (await answers(`http://127.0.0.1:${sandboxPort}/phone/`)) === 200,
      diia: async () => output.includes("Diia connected"),
    };
    const pending = new Set(Object.keys(checks) as (keyof typeof checks)[]);
    while (pending.size > 0 && Date.now() < deadline && child.exitCode === null) {
      for (const name of [...pending]) if (await checks[name]()) pending.delete(name);
      if (pending.size > 0) await new Promise((r) => setTimeout(r, 1_000));
    }
    expect([...pending], `not reached; output:\n${output.slice(-4_000)}`).toEqual([]);
    const page = await (await fetch(`${server}/`)).text();
    expect(page).toContain('<div id="root">');
    expect(output).toMatch(/one-time password/);
    expect(output).toContain(server);

    // As Ctrl-C would: to the whole foreground process group.
    process.kill(-(child.pid as number), "SIGINT");
    const end = await exited(child);
    expect(end, `output:\n${output.slice(-4_000)}`).toEqual({ code: 0, signal: null });
    expect(output).not.toMatch(/ELIFECYCLE|ERR_PNPM|npm error/);
    expect(await portIsFree(port)).toBe(true);
    expect(await portIsFree(sandboxPort)).toBe(true);
  },
  START_TIMEOUT_MS + 60_000,
);
