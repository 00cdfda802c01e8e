import type { MediaProblem } from "@/lib/useMedia";

const TEXT: Record<MediaProblem, { title: string; steps: string[] }> = {
  denied: {
    title: "Camera and microphone are blocked",
    steps: [
      "Click the camera icon or the padlock in the address bar and choose Allow for camera and microphone.",
      "On a phone, open Settings, find your browser, and turn on Camera and Microphone.",
      "Then press Try again. Nothing has been recorded or uploaded.",
    ],
  },
  "no-device": {
    title: "No camera or microphone found",
    steps: [
      "Connect a camera and a microphone (most laptops have both built in).",
      "If they are connected, check that no cover or switch turns the camera off.",
      "Then press Try again.",
    ],
  },
  busy: {
    title: "Your camera is in use by another app",
    steps: ["Close other apps or tabs that use the camera (video calls, photo booth).", "Then press Try again."],
  },
  insecure: {
    title: "The camera is not available on this page",
    steps: ["Open the app from its secure (https) address, or from localhost when running it yourself."],
  },
  unknown: {
    title: "We could not start your camera",
    steps: ["Reload the page and try again. If it keeps failing, try another browser."],
  },
};

export function MediaHelp({ problem, detail, onRetry }: { problem: MediaProblem; detail: string | null; onRetry: () => void }) {
  const t = TEXT[problem];
  return (
    <section role="alert" aria-labelledby="media-help-title" data-testid="media-help" className="card border-amber-300 bg-amber-50">
      <h2 id="media-help-title" className="text-xl font-bold">{t.title}</h2>
      <ol className="mt-3 list-decimal space-y-1 pl-5">
        {t.steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
      {detail && <p className="muted mt-3 text-xs">Browser said: {detail}</p>}
      <button type="button" className="btn-primary mt-4" onClick={onRetry}>Try again</button>
    </section>
  );
}
