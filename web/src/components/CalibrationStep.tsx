"use client";
import { useEffect, useRef } from "react";
import type { CalibrationSpans } from "@/lib/types";

/** What the candidate looks at, in order: the dot by the camera (top centre), then the middle of the screen. */
const CALIBRATION_TARGETS = [
  { target: "camera", text: "Look at the dot by your camera" },
  { target: "screen", text: "Now look at the middle of the screen" },
] as const;

const STEP_MS = 3500;
/** Eyes take a moment to find the dot: each span starts this long after its dot appears. */
const SETTLE_MS = 1000;

/**
 * Shows each target for STEP_MS and returns when the candidate looked at it, in seconds on the session's
 * media timeline (from `origin`, the clock of the segments' offsets); null when skipped.
 */
export async function measureCalibration(
  origin: number,
  show: (step: 0 | 1) => void,
  signal: AbortSignal,
): Promise<CalibrationSpans | null> {
  const spans: [number, number][] = [];
  for (const step of [0, 1] as const) {
    show(step);
    const shown = Date.now() - origin;
    await new Promise<void>((done) => {
      const timer = window.setTimeout(done, STEP_MS);
      signal.addEventListener("abort", () => (window.clearTimeout(timer), done()), { once: true });
    });
    if (signal.aborted) return null;
    spans.push([(shown + SETTLE_MS) / 1000, (Date.now() - origin) / 1000]);
  }
  return { camera_span_s: spans[0], screen_span_s: spans[1] };
}

/**
 * The dot to look at, over the whole page; the instruction sits just below (or above) it so the eyes stay
 * near the dot while reading. Skip is focused so that Enter or Space skips without a mouse.
 */
export function CalibrationStep({ step, onSkip }: { step: 0 | 1; onSkip: () => void }) {
  const skip = useRef<HTMLButtonElement>(null);
  useEffect(() => skip.current?.focus(), []);
  const { target, text } = CALIBRATION_TARGETS[step];
  const atCamera = target === "camera";
  return (
    <div role="dialog" aria-modal="true" aria-label="Where you look" data-testid="calibration" data-target={target}
      className="fixed inset-0 z-50 bg-slate-950/90 text-white">
      <div className={`absolute left-1/2 flex -translate-x-1/2 flex-col items-center gap-3 ${atCamera ? "top-2" : "top-1/2 -translate-y-1/2"}`}>
        <span aria-hidden data-testid="calibration-dot" className="block h-6 w-6 animate-pulse rounded-full bg-red-500 ring-4 ring-white" />
        <p aria-live="assertive" className="text-xl font-semibold">{text}</p>
      </div>
      <div className="absolute inset-x-0 bottom-6 flex flex-col items-center gap-2 px-4 text-center">
        <p className="max-w-md text-sm text-slate-300">
          Recording has started: these seconds tell where your eyes are when you look at the camera and at the
          screen. Your first question follows.
        </p>
        <button ref={skip} type="button" onClick={onSkip} className="btn-secondary">Skip calibration</button>
      </div>
    </div>
  );
}
