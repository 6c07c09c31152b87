// Test page for the fake-camera browser test and screenshots: ScanPanel alone, with what it reported on the page.
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { ScanPanel } from "../../src/features/scan/components/scan-panel.tsx";
import "../../src/index.css";

function Harness() {
  const [result, setResult] = useState("");
  const [errors, setErrors] = useState<string[]>([]);
  const lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "uk";
  return (
    <main className="mx-auto flex min-h-dvh max-w-3xl flex-col items-center gap-4 p-6">
      <ScanPanel
        lang={lang}
        onBarcode={(code) => setResult(`barcode:${code}`)}
        onQr={(_qr, link) => setResult(`qr:${link}`)}
        onError={(e) => setErrors((all) => [...all, e.code])}
      />
      <output data-testid="result">{result}</output>
      <output data-testid="errors">{errors.join(",")}</output>
    </main>
  );
}

const root = document.getElementById("root");
if (!root) throw new Error("no #root");
createRoot(root).render(
  <StrictMode>
    <Harness />
  </StrictMode>,
);
