"use client";
import Link from "next/link";
import { useEffect } from "react";
import { useAuth } from "@/lib/useAuth";

const POINTS = [
  ["Practise real questions", "Pick a role and the questions you want to rehearse."],
  ["Private, sparse live tips", "A gentle nudge now and then; the lesson is in the report."],
  ["Every score explained", "See what was measured, the target band and how it adds up."],
];

export default function Home() {
  const auth = useAuth();
  useEffect(() => {
    if (auth) location.replace("/dashboard/");
  }, [auth]);
  return (
    <div className="py-6 sm:py-12">
      <h1 className="max-w-2xl text-3xl font-bold tracking-tight sm:text-4xl">Rehearse your next interview, out loud.</h1>
      <p className="muted mt-3 max-w-xl text-lg">
        Answer questions on camera and get a report on pace, filler words, looking at the camera and what you covered.
        We report observable behaviour only, never your feelings.
      </p>
      <div className="mt-6 flex flex-wrap gap-3">
        <Link href="/signup/" className="btn-primary">Create a free account</Link>
        <Link href="/signin/" className="btn-secondary">Sign in</Link>
      </div>
      <ul className="mt-10 grid gap-4 sm:grid-cols-3">
        {POINTS.map(([t, d]) => (
          <li key={t} className="card">
            <h2 className="font-semibold">{t}</h2>
            <p className="muted mt-1 text-sm">{d}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
