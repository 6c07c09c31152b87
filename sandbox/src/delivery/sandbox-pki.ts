// PLACEHOLDER until @stiika/diia pki + wrap land.
import { SandboxError } from "../errors.ts";

export type SandboxPki = {
  files: Record<string, string>;
  seal: (
    content: Uint8Array,
    options: { wrongKey: boolean; tamperSignature: boolean },
  ) => Promise<Uint8Array>;
};

export async function ensureSandboxPki(dir: string, _log: (line: string) => void): Promise<SandboxPki> {
  return {
    files: { dir },
    seal: async () => {
      throw new SandboxError("BAD_CONFIG", "wrap not available yet");
    },
  };
}
