// /manage/* (a lazy chunk, so the teller's first load stays small): managers' received copies and their detail,
// the dashboard, and for admins branches/services, employees and the audit check. Features meet here only.
import { documentTypeTitle } from "@stiika/diia/document-types";
import { useQueryClient } from "@tanstack/react-query";
import { Link, Navigate, NavLink, Route, Routes, useNavigate, useParams } from "react-router";
import { AuditCheck } from "../../features/admin/components/audit-check.tsx";
import { BranchesAdmin } from "../../features/admin/components/branches-admin.tsx";
import { EmployeesAdmin } from "../../features/admin/components/employees-admin.tsx";
import { useMe } from "../../features/auth/api/get-me.ts";
import { exportUrl } from "../../features/copies/api/get-copy.ts";
import { CopiesList } from "../../features/copies/components/copies-list.tsx";
import { CopyDetailView } from "../../features/copies/components/copy-detail.tsx";
import { RetentionSetting } from "../../features/copies/components/retention-setting.tsx";
import { typeTitle } from "../../features/copies/i18n.ts";
import { copyKeys } from "../../features/copies/query-keys.ts";
import { DashboardView } from "../../features/dashboard/components/dashboard-view.tsx";
import { PdfViewer } from "../../features/documents/components/pdf-viewer.tsx";
import { LateDeliveriesList } from "../../features/late-deliveries/components/late-deliveries-list.tsx";
import { type Lang, useLang } from "../../lib/i18n.tsx";

const text = {
  uk: {
    copies: "Копії",
    late: "Пізні доставки",
    dashboard: "Показники",
    admin: "Адміністрування",
    forbidden: "Цей розділ — для керівників і адміністраторів.",
    area: "Розділи керування",
    notFound: "Такого розділу немає або він вам недоступний.",
    toCopies: "До копій",
    toScan: "До сканування",
  },
  en: {
    copies: "Copies",
    late: "Late deliveries",
    dashboard: "Dashboard",
    admin: "Administration",
    forbidden: "This area is for managers and administrators.",
    area: "Management areas",
    notFound: "There is no such section, or it is not open to you.",
    toCopies: "To the copies",
    toScan: "Back to scanning",
  },
};

const backLink =
  "inline-flex min-h-12 items-center rounded-xl bg-neutral-900 px-5 text-lg font-medium text-white focus-visible:outline-4 focus-visible:outline-blue-600";

const tab = ({ isActive }: { isActive: boolean }) =>
  `inline-flex min-h-12 items-center rounded-xl px-5 text-lg font-medium focus-visible:outline-4 focus-visible:outline-blue-600 ${isActive ? "bg-neutral-900 text-white" : "bg-white text-neutral-900 hover:bg-neutral-200"}`;

export function ManageRoute() {
  const { lang } = useLang();
  const t = text[lang];
  const me = useMe();
  const role = me.data?.employee.role;
  if (!role) return null;
  if (role === "teller")
    return (
      <div className="flex flex-col items-center gap-4 p-6">
        <p role="alert" className="text-lg" data-testid="manage-forbidden">
          {t.forbidden}
        </p>
        <Link to="/scan" className={backLink} data-testid="manage-to-scan">
          {t.toScan}
        </Link>
      </div>
    );
  return (
    <div className="flex w-full flex-col gap-4">
      <nav aria-label={t.area} className="flex flex-wrap gap-2" data-testid="manage-nav">
        <NavLink to="/manage/copies" className={tab} data-testid="nav-copies">
          {t.copies}
        </NavLink>
        <NavLink to="/manage/late" className={tab} data-testid="nav-late">
          {t.late}
        </NavLink>
        <NavLink to="/manage/dashboard" className={tab} data-testid="nav-dashboard">
          {t.dashboard}
        </NavLink>
        {role === "admin" && (
          <NavLink to="/manage/admin" className={tab} data-testid="nav-admin">
            {t.admin}
          </NavLink>
        )}
      </nav>
      <Routes>
        <Route index element={<Navigate to="/manage/copies" replace />} />
        <Route path="copies" element={<Copies lang={lang} isAdmin={role === "admin"} />} />
        <Route path="copies/:id" element={<Copy lang={lang} />} />
        <Route path="late" element={<Late lang={lang} />} />
        <Route
          path="dashboard"
          element={<DashboardView lang={lang} typeTitle={(x) => typeTitle(x, lang)} />}
        />
        {role === "admin" && <Route path="admin" element={<Admin lang={lang} />} />}
        {/* Not a redirect: a relative one from a splat resolved under the unknown path and looped for ever. */}
        <Route
          path="*"
          element={
            <div className="flex flex-col items-start gap-4" data-testid="manage-not-found">
              <p role="alert" className="text-lg">
                {t.notFound}
              </p>
              <Link to="/manage/copies" className={backLink}>
                {t.toCopies}
              </Link>
            </div>
          }
        />
      </Routes>
    </div>
  );
}

function Copies({ lang, isAdmin }: { lang: Lang; isAdmin: boolean }) {
  const navigate = useNavigate();
  return (
    <>
      <CopiesList lang={lang} onOpen={(id) => navigate(`/manage/copies/${id}`)} />
      <RetentionSetting lang={lang} isAdmin={isAdmin} />
    </>
  );
}

function Late({ lang }: { lang: Lang }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <LateDeliveriesList
      lang={lang}
      typeTitle={(x) => typeTitle(x, lang)}
      onAttached={(requestId) => {
        // The attached documents join a copy: its list and detail are stale.
        void queryClient.invalidateQueries({ queryKey: copyKeys.all });
        navigate(`/manage/copies/${requestId}`);
      }}
    />
  );
}

function Copy({ lang }: { lang: Lang }) {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  return (
    <CopyDetailView
      lang={lang}
      id={id}
      onBack={() => navigate("/manage/copies")}
      renderPdf={(d) => (
        <PdfViewer
          key={d.id}
          lang={lang}
          document={{
            id: d.id,
            title: documentTypeTitle(d.type, lang),
            provenance: {
              ...d.provenance,
              signer: { ...d.provenance.signer, keyId: d.provenance.signer.keyId ?? "" },
            },
          }}
          pdfPath={`${exportUrl(id, d.id, "pdf")}?inline=1`}
        />
      )}
    />
  );
}

function Admin({ lang }: { lang: Lang }) {
  return (
    <div className="flex w-full flex-col gap-8">
      <AuditCheck lang={lang} />
      <BranchesAdmin lang={lang} typeTitle={(x) => typeTitle(x, lang)} />
      <EmployeesAdmin lang={lang} />
    </div>
  );
}
