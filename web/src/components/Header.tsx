"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { api, tokenGroups } from "@/lib/api";
import { useAuth } from "@/lib/useAuth";

export function Header() {
  const auth = useAuth();
  const router = useRouter();
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-3 sm:px-6">
        <Link href={auth ? "/dashboard/" : "/"} className="flex items-center gap-2 text-base font-bold text-ink">
          <span aria-hidden className="grid h-8 w-8 place-items-center rounded-lg bg-brand-600 text-white">IP</span>
          Interview Practice
        </Link>
        {auth ? (
          <div className="flex flex-wrap items-center justify-end gap-1 sm:gap-2">
            <Link href="/dashboard/" className="btn-ghost">History</Link>
            <Link href="/shared/" className="btn-ghost">Shared with me</Link>
            {tokenGroups(auth).includes("admin") && <Link href="/admin/" className="btn-ghost">Admin</Link>}
            <Link href="/new/" className="btn-primary">New interview</Link>
            <button
              type="button"
              className="btn-ghost"
              onClick={() => {
                api.signOut();
                router.push("/signin/");
              }}
            >
              Sign out
            </button>
          </div>
        ) : auth === null ? (
          <div className="flex items-center gap-2">
            <Link href="/signin/" className="btn-ghost">Sign in</Link>
            <Link href="/signup/" className="btn-primary">Create account</Link>
          </div>
        ) : null}
      </nav>
    </header>
  );
}
