import type { Report } from "@/lib/types";

type Terms = { used?: string[]; missed?: string[] } | null | undefined;

function Chips({ terms, used }: { terms: string[]; used: boolean }) {
  return (
    <ul className="mt-1 flex flex-wrap gap-1.5" aria-label={used ? "Used" : "Not used"}>
      {terms.map((t) => (
        <li key={t} data-job-term={used ? "used" : "missed"}
          className={`badge ${used ? "bg-green-100 text-green-900" : "bg-amber-100 text-amber-900"}`}>
          {used ? "✓ " : ""}{t}
        </li>
      ))}
    </ul>
  );
}

function TermsRow({ label, terms }: { label: string; terms: Terms }) {
  return (
    <div className="mt-3">
      <h3 className="text-sm font-semibold">{label}</h3>
      {terms?.used?.length ? <Chips terms={terms.used} used /> : <p className="muted text-sm">None of the job&apos;s terms yet.</p>}
      {terms?.missed?.length ? (
        <p className="muted mt-2 text-xs">Not used:</p>
      ) : null}
      {terms?.missed?.length ? <Chips terms={terms.missed} used={false} /> : null}
    </div>
  );
}

/** Which key terms of the pasted job description the answers used (only for tailored sessions). */
export function JobTerms({ report }: { report: Report }) {
  if (!report.job_terms) return null;
  return (
    <section className="card" aria-labelledby="job-terms-title" data-testid="job-terms">
      <h2 id="job-terms-title" className="text-lg font-semibold">Job description terms</h2>
      <p className="muted mt-1 text-sm">
        Key terms taken from the job description you pasted. Interviewers listen for them: use the ones that are true for you.
      </p>
      <TermsRow label="All answers" terms={report.job_terms} />
      {(report.answers ?? []).map((a) => (
        <TermsRow key={a.index} label={`Answer ${a.index + 1}: ${a.question}`} terms={a.job_terms} />
      ))}
    </section>
  );
}
