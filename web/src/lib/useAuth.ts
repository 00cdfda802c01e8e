"use client";
import { useEffect, useState } from "react";
import { loadTokens, scheduleRefresh, type Tokens } from "./api";

/** The signed-in user (null when signed out, undefined before the first render on the client). */
export function useAuth(): Tokens | null | undefined {
  const [tokens, setTokens] = useState<Tokens | null | undefined>(undefined);
  useEffect(() => {
    const update = () => setTokens(loadTokens());
    update();
    scheduleRefresh();
    window.addEventListener("auth-changed", update);
    window.addEventListener("storage", update);
    return () => {
      window.removeEventListener("auth-changed", update);
      window.removeEventListener("storage", update);
    };
  }, []);
  return tokens;
}

/** Redirects to sign-in when nobody is signed in; returns the tokens once known. */
export function useRequireAuth(): Tokens | null | undefined {
  const tokens = useAuth();
  useEffect(() => {
    if (tokens === null) {
      const next = encodeURIComponent(location.pathname + location.search);
      location.replace(`/signin/?next=${next}`);
    }
  }, [tokens]);
  return tokens;
}

export function useQueryParam(name: string): string | null | undefined {
  const [value, setValue] = useState<string | null | undefined>(undefined);
  useEffect(() => setValue(new URLSearchParams(location.search).get(name)), [name]);
  return value;
}
