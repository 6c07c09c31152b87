/**
 * Security headers on every response (helmet), and `Cache-Control: no-store` on every API answer: they carry
 * personal data, session state or the CSRF token, and nothing between the tablet and us may keep them.
 *
 * The CSP allows exactly what the PWA needs: its own scripts and styles, the barcode decoder's WebAssembly
 * (`'wasm-unsafe-eval'`, not `'unsafe-eval'`), pdf.js's worker from our origin, PDFs and camera frames as `blob:`,
 * `data:` images (icons, the deeplink QR); no inline script, no other origin, no framing.
 */
import type { RequestHandler } from "express";
import helmet from "helmet";

export const CONTENT_SECURITY_POLICY = {
  "default-src": ["'self'"],
  "script-src": ["'self'", "'wasm-unsafe-eval'"],
  "worker-src": ["'self'", "blob:"],
  "style-src": ["'self'"],
  "img-src": ["'self'", "data:", "blob:"],
  "font-src": ["'self'", "data:"],
  // blob: — pdf.js fetches the PDF the app holds as a blob URL (same origin).
  "connect-src": ["'self'", "blob:"],
  "media-src": ["'self'", "blob:"],
  "object-src": ["'none'"],
  "frame-src": ["'none'"],
  "frame-ancestors": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  "manifest-src": ["'self'"],
};

/** The camera for our own pages only; everything else a counter tablet never needs is off. */
const PERMISSIONS_POLICY =
  "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()";

export function securityHeaders(): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      crossOriginOpenerPolicy: { policy: "same-origin" },
      crossOriginResourcePolicy: { policy: "same-origin" },
      referrerPolicy: { policy: "no-referrer" },
      frameguard: { action: "deny" },
      // HSTS only where it means something: set below for requests that arrived over https.
      strictTransportSecurity: false,
    }),
    (req, res, next) => {
      res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
      if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
      next();
    },
  ];
}

export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
};
