"use client";
import { useCallback, useState } from "react";
import { errorText } from "./api";

/** A user's action on the API, one at a time, with its outcome to show: `run(step, failure)` shows what
 * `step` returns as the status, or, when it fails, the API's reason (else `failure`) as the error. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(async (step: () => Promise<string>, failure: string) => {
    setBusy(true);
    setError(null);
    setStatus("");
    try {
      setStatus(await step());
    } catch (err) {
      setError(errorText(err, `${failure} Check your connection and try again.`));
    } finally {
      setBusy(false);
    }
  }, []);

  return { busy, status, error, setError, run };
}
