/**
 * Admin: runs the audit hash-chain verification on the server and shows whether the log is intact.
 *
 * @example
 * <AuditCheck lang="uk" />
 */
import { Button } from "../../../components/button.tsx";
import { Card } from "../../../components/card.tsx";
import { errorText } from "../../../lib/error-text.ts";
import type { Lang } from "../../../lib/i18n.tsx";
import { useVerifyAudit } from "../api/verify-audit.ts";
import { adminText } from "../i18n.ts";

export function AuditCheck({ lang }: { lang: Lang }) {
  const t = adminText[lang];
  const verify = useVerifyAudit();
  const r = verify.data;
  return (
    <Card className="flex flex-wrap items-center gap-4" aria-labelledby="audit-title">
      <h2 id="audit-title" className="text-2xl font-semibold">
        {t.audit}
      </h2>
      <Button
        variant="primary"
        onClick={() => verify.mutate()}
        disabled={verify.isPending}
        data-testid="audit-verify"
      >
        {t.verify}
      </Button>
      <p aria-live="polite" data-testid="audit-result" data-ok={r?.ok}>
        {r?.ok === true && <span className="font-semibold text-green-800">✓ {t.chainOk(r.rows)}</span>}
        {r?.ok === false && (
          <span className="font-semibold text-red-800">✗ {t.chainBroken(r.seq, r.reason)}</span>
        )}
        {verify.error && <span className="text-red-800">{errorText(verify.error, lang)}</span>}
      </p>
    </Card>
  );
}
