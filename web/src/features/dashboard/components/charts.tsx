// The dashboard's charts (recharts). Imported lazily by DashboardView: recharts is ~100 KB gzipped and only
// managers ever need it.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Dashboard } from "../api/get-dashboard.ts";

// Okabe–Ito: distinguishable for colour-blind readers.
const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

export function PerDayChart({ data }: { data: Dashboard["perDay"] }) {
  const branches = [...new Set(data.map((d) => d.branchName))];
  const days = [...new Set(data.map((d) => d.day))].map((day) => {
    const row: Record<string, string | number> = { day };
    for (const d of data.filter((x) => x.day === day)) row[d.branchName] = d.copies;
    return row;
  });
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={days}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        {branches.map((b, i) => (
          <Bar
            key={b}
            dataKey={b}
            stackId="copies"
            fill={COLOURS[i % COLOURS.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

export function OutcomesChart({ data }: { data: { name: string; value: number }[] }) {
  return (
    <ResponsiveContainer width="100%" height={280}>
      <PieChart>
        <Pie data={data} dataKey="value" nameKey="name" outerRadius={100} label isAnimationActive={false}>
          {data.map((d, i) => (
            <Cell key={d.name} fill={COLOURS[i % COLOURS.length]} />
          ))}
        </Pie>
        <Tooltip />
        <Legend />
      </PieChart>
    </ResponsiveContainer>
  );
}

export function ByTypeChart({
  data,
  labels,
}: {
  data: { name: string; requests: number; received: number }[];
  labels: { requests: string; received: string };
}) {
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={data} layout="vertical" margin={{ left: 40 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="name" width={180} />
        <Tooltip />
        <Legend />
        <Bar dataKey="requests" name={labels.requests} fill={COLOURS[0]} isAnimationActive={false} />
        <Bar dataKey="received" name={labels.received} fill={COLOURS[2]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
